using DurableTask.Core.Exceptions;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableTask.Hosting.Tests;

/// <summary>Orchestrations run through the worker and observed through the client.</summary>
public sealed class OrchestrationTests : HostedTests
{
    [Fact]
    public async Task An_activity_gets_the_orchestration_input_and_its_answer_is_the_output()
    {
        string id = await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ConfirmOrder), new Order("o-1", 3), this.Timeout);

        OrchestrationMetadata done = await this.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, this.Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(nameof(ConfirmOrder), done.Name);
        Assert.Equal(new Order("o-1", 3), done.ReadInputAs<Order>());
        Assert.Equal("3 x o-1", done.ReadOutputAs<string>());
        Assert.True(done.LastUpdatedAt >= done.CreatedAt);
    }

    [Fact]
    public async Task A_durable_timer_fires()
    {
        string id = await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(SleepBriefly), this.Timeout);

        OrchestrationMetadata done = await this.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, this.Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.True(done.LastUpdatedAt >= done.ReadOutputAs<DateTime>(), "the instance completed before its timer was due");
    }

    [Fact]
    public async Task A_failing_activity_fails_the_orchestration_with_its_failure_details()
    {
        string id = await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(RejectOrder), "o-2", this.Timeout);

        OrchestrationMetadata done = await this.Client.WaitForInstanceCompletionAsync(id, this.Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, done.RuntimeStatus);
        Assert.NotNull(done.FailureDetails);
        Assert.Contains("o-2 is rejected", done.FailureDetails.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_raised_event_reaches_the_waiting_orchestration()
    {
        string id = await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), "o-3", this.Timeout);
        await this.Client.WaitForInstanceStartAsync(id, this.Timeout);

        await this.Client.RaiseEventAsync(id, "approval", new Approval("Grace"), this.Timeout);
        OrchestrationMetadata done = await this.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, this.Timeout);

        Assert.Equal("o-3 approved by Grace", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task The_custom_status_of_a_running_orchestration_is_visible_to_GetInstance()
    {
        string id = await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), "o-4", this.Timeout);

        OrchestrationMetadata running = await this.WaitUntilAsync(id, m => m.SerializedCustomStatus is not null);

        Assert.Equal(OrchestrationRuntimeStatus.Running, running.RuntimeStatus);
        Assert.Equal(new Progress("waiting for approval"), running.ReadCustomStatusAs<Progress>());
    }

    [Fact]
    public async Task A_terminated_orchestration_ends_terminated_with_the_given_output()
    {
        string id = await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), "o-5", this.Timeout);
        await this.Client.WaitForInstanceStartAsync(id, this.Timeout);

        await this.Client.TerminateInstanceAsync(id, "cancelled by the buyer", this.Timeout);
        OrchestrationMetadata done = await this.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, this.Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
        Assert.Equal("cancelled by the buyer", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task A_suspended_orchestration_completes_only_after_it_is_resumed()
    {
        string id = await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), "o-6", this.Timeout);
        await this.Client.WaitForInstanceStartAsync(id, this.Timeout);

        await this.Client.SuspendInstanceAsync(id, "audit", this.Timeout);
        await this.WaitUntilAsync(id, m => m.RuntimeStatus == OrchestrationRuntimeStatus.Suspended);
        await this.Client.RaiseEventAsync(id, "approval", new Approval("Ada"), this.Timeout);
        OrchestrationMetadata? stillSuspended = await this.Client.GetInstanceAsync(id, this.Timeout);
        await this.Client.ResumeInstanceAsync(id, "audit done", this.Timeout);
        OrchestrationMetadata done = await this.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, this.Timeout);

        Assert.Equal(OrchestrationRuntimeStatus.Suspended, stillSuspended?.RuntimeStatus);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("o-6 approved by Ada", done.ReadOutputAs<string>());
    }

    [Fact]
    public async Task Scheduling_an_id_whose_instance_is_running_fails_as_already_existing()
    {
        string id = await this.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AwaitApproval), "o-7", new StartOrchestrationOptions("order-o-7"), this.Timeout);
        await this.Client.WaitForInstanceStartAsync(id, this.Timeout);

        await Assert.ThrowsAsync<OrchestrationAlreadyExistsException>(() => this.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(AwaitApproval), "o-7", new StartOrchestrationOptions(id), this.Timeout));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await this.Client.GetInstanceAsync(id, this.Timeout))?.RuntimeStatus);
    }

    [Fact]
    public async Task Scheduling_the_id_of_a_completed_instance_starts_it_again()
    {
        var options = new StartOrchestrationOptions("order-o-8");
        await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ConfirmOrder), new Order("o-8", 1), options, this.Timeout);
        await this.Client.WaitForInstanceCompletionAsync(options.InstanceId!, this.Timeout);

        await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(ConfirmOrder), new Order("o-8", 2), options, this.Timeout);
        OrchestrationMetadata again = await this.WaitUntilAsync(options.InstanceId!, m => m.IsCompleted && m.ReadInputAs<Order>()!.Quantity == 2);

        Assert.Equal("2 x o-8", again.ReadOutputAs<string>());
    }

    private async Task<OrchestrationMetadata> WaitUntilAsync(string id, Func<OrchestrationMetadata, bool> condition)
    {
        while (true)
        {
            OrchestrationMetadata? metadata = await this.Client.GetInstanceAsync(id, getInputsAndOutputs: true, this.Timeout);
            if (metadata is not null && condition(metadata))
            {
                return metadata;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(20), this.Timeout);
        }
    }
}
