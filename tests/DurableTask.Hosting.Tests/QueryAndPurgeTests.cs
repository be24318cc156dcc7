using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace DurableTask.Hosting.Tests;

/// <summary>Listing and purging instances through the provider's query and purge clients.</summary>
public sealed class QueryAndPurgeTests : HostedTests
{
    [Fact]
    public async Task Instances_are_listed_by_id_prefix_page_by_page()
    {
        string[] wanted = await this.CompleteOrdersAsync("shop-a-", 5);
        await this.CompleteOrdersAsync("shop-b-", 2);

        var pages = new List<Page<OrchestrationMetadata>>();
        await foreach (Page<OrchestrationMetadata> page in this.Client
            .GetAllInstancesAsync(new OrchestrationQuery { InstanceIdPrefix = "shop-a-", PageSize = 2 })
            .AsPages().WithCancellation(this.Timeout))
        {
            pages.Add(page);
        }

        Assert.True(pages.Count >= 3, $"expected at least 3 pages of 2, got {pages.Count}");
        Assert.All(pages, p => Assert.True(p.Values.Count <= 2));
        Assert.Equal(wanted.Order(), pages.SelectMany(p => p.Values).Select(m => m.InstanceId).Order());
        Assert.All(pages.SelectMany(p => p.Values), m => Assert.Equal(OrchestrationRuntimeStatus.Completed, m.RuntimeStatus));
    }

    [Fact]
    public async Task Instances_are_listed_by_status()
    {
        string[] completed = await this.CompleteOrdersAsync("done-", 2);
        string waiting = await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), "o", this.Timeout);
        await this.Client.WaitForInstanceStartAsync(waiting, this.Timeout);

        var running = new List<string>();
        await foreach (OrchestrationMetadata m in this.Client
            .GetAllInstancesAsync(new OrchestrationQuery { Statuses = [OrchestrationRuntimeStatus.Running] }).WithCancellation(this.Timeout))
        {
            running.Add(m.InstanceId);
        }

        Assert.Equal([waiting], running);
        Assert.DoesNotContain(completed[0], running);
    }

    [Fact]
    public async Task A_purged_instance_is_gone()
    {
        string[] ids = await this.CompleteOrdersAsync("purge-one-", 1);

        PurgeResult result = await this.Client.PurgeInstanceAsync(ids[0], this.Timeout);

        Assert.Equal(1, result.PurgedInstanceCount);
        Assert.Null(await this.Client.GetInstanceAsync(ids[0], this.Timeout));
    }

    [Fact]
    public async Task Purging_by_status_removes_only_the_instances_in_that_status()
    {
        string[] completed = await this.CompleteOrdersAsync("purge-all-", 3);
        string waiting = await this.Client.ScheduleNewOrchestrationInstanceAsync(nameof(AwaitApproval), "o", this.Timeout);
        await this.Client.WaitForInstanceStartAsync(waiting, this.Timeout);

        PurgeResult result = await this.Client.PurgeAllInstancesAsync(
            new PurgeInstancesFilter(Statuses: [OrchestrationRuntimeStatus.Completed]), this.Timeout);

        Assert.Equal(completed.Length, result.PurgedInstanceCount);
        Assert.Null(await this.Client.GetInstanceAsync(completed[0], this.Timeout));
        Assert.NotNull(await this.Client.GetInstanceAsync(waiting, this.Timeout));
    }

    private async Task<string[]> CompleteOrdersAsync(string prefix, int count)
    {
        string[] ids = await Task.WhenAll(Enumerable.Range(0, count).Select(i => this.Client.ScheduleNewOrchestrationInstanceAsync(
            nameof(ConfirmOrder), new Order($"o-{i}", i), new StartOrchestrationOptions($"{prefix}{i}"), this.Timeout)));
        await Task.WhenAll(ids.Select(id => this.Client.WaitForInstanceCompletionAsync(id, this.Timeout)));
        return ids;
    }
}
