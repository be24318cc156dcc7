using System.Diagnostics;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrderCancellation.Api.Engine;
using OrderCancellation.Api.Telemetry;
using OrderCancellation.Service.Tests.Infrastructure;
using OrderCancellation.Service.Tests.Orders;
using OrderCancellation.Workflow.Telemetry;

namespace OrderCancellation.Service.Tests.Telemetry;

/// <summary>Issue 21: one cancel over HTTP is one trace, from the request through the gateway and the decision to each activity.</summary>
public sealed class TracingTests(SqliteHost fixture) : IClassFixture<SqliteHost>
{
    [Fact]
    public async Task One_cancel_over_HTTP_is_one_trace_from_the_request_through_the_decision_to_each_activity()
    {
        using var recorder = new SpanRecorder();
        var id = await fixture.Host.PlaceAsync(OrderApi.Order());
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var seller = fixture.Host.As("seller", "S1");
        seller.DefaultRequestHeaders.Add("traceparent", $"00-{caller.TraceId}-{caller.SpanId}-01");

        var canceled = await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" });

        Assert.True(canceled.Status == HttpStatusCode.OK, canceled.ToString());
        var trace = await recorder.TraceEventuallyAsync(caller.TraceId, spans =>
            spans.Any(s => s.DisplayName == "order.decide") && spans.Any(s => s.DisplayName == "order.activity ProjectOrder") &&
            spans.Count(s => s.Source.Name == WorkflowTelemetry.Name && s.DisplayName.StartsWith("order.activity ", StringComparison.Ordinal)) >= 2);
        var request = Assert.Single(trace, s => s.Kind == ActivityKind.Server);
        var command = Assert.Single(trace, s => s.DisplayName == "order.command");
        var decision = Assert.Single(trace, s => s.DisplayName == "order.decide");
        var activities = trace.Where(s => s.DisplayName.StartsWith("order.activity ", StringComparison.Ordinal)).ToList();
        Assert.Equal(caller.SpanId, request.ParentSpanId);
        Assert.Equal(request.SpanId, command.ParentSpanId);
        Assert.Equal(OrdersTelemetry.Name, command.Source.Name);
        Assert.Equal(id, command.GetTagItem("ordercancellation.order_id"));
        Assert.Equal(command.SpanId, decision.ParentSpanId); // across the raised event
        Assert.Equal("Cancel", decision.GetTagItem("ordercancellation.command"));
        Assert.All(activities, a => Assert.Equal(command.SpanId, a.ParentSpanId));
        Assert.All(activities, a => Assert.Equal(id, a.GetTagItem("ordercancellation.order_id")));
    }

    [Fact]
    public async Task Spans_of_a_decision_are_not_made_again_when_the_orchestration_replays()
    {
        using var recorder = new SpanRecorder();
        var id = await fixture.Host.PlaceAsync(OrderApi.Order());
        var caller = new ActivityContext(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        using var seller = fixture.Host.As("seller", "S1");
        seller.DefaultRequestHeaders.Add("traceparent", $"00-{caller.TraceId}-{caller.SpanId}-01");
        Assert.Equal(HttpStatusCode.OK, (await seller.PostApiAsync($"/api/orders/{id}/cancel", new { reason = "NoInventory" })).Status);
        await recorder.TraceEventuallyAsync(caller.TraceId, spans => spans.Any(s => s.DisplayName == "order.activity ProjectOrder"));

        // Each effect's completion is a later step of the orchestration, which replays the cancel's event; the canceled
        // order's orchestration completes once they are all done.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var client = fixture.Host.Services.GetRequiredService<IDurableClientSource>().Client;
        await client.WaitForInstanceCompletionAsync(id, timeout.Token);
        var trace = await recorder.TraceEventuallyAsync(caller.TraceId, spans => spans.Count > 0);

        Assert.Single(trace, s => s.DisplayName == "order.decide");
    }
}
