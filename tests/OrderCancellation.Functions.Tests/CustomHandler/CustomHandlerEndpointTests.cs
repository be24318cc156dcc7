using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrderCancellation.Durable;
using OrderCancellation.Functions.CustomHandler;
using OrderCancellation.Functions.Feeds;

using OrderCancellation.Functions.Tests.Infrastructure;

namespace OrderCancellation.Functions.Tests.CustomHandler;

/// <summary>
/// The endpoints as the Functions host calls them. The feed handler and the tick work are fakes of
/// seams this area owns; the end-to-end run against the real durable runtime and feed processing
/// belongs with those (after they are merged).
/// </summary>
public sealed class CustomHandlerEndpointTests(EmbeddedAppFactory factory) : IClassFixture<EmbeddedAppFactory>
{
    /// <summary>What the real host sends for the message {"feedId":"F-1"}, delivered for the 3rd time.</summary>
    private const string RealWorldQueueEnvelope = """
        {
          "Data": { "message": "\"{\\\"feedId\\\":\\\"F-1\\\"}\"" },
          "Metadata": {
            "DequeueCount": "3",
            "Id": "\"6a1f0c1e-5d1b-4c55-9d0e-3f1f2a6a7b11\"",
            "PopReceipt": "\"AgAAAAMAAAAAAAAA\"",
            "InsertionTime": "02/13/2025 05:41:21 +00:00",
            "sys": { "MethodName": "FeedQueueTrigger", "UtcNow": "2025-02-13T05:41:22.1Z", "RandGuid": "b0e1" }
          }
        }
        """;

    private const string TimerEnvelope = """
        {"Data":{"timer":{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":false}},"Metadata":{"sys":{"MethodName":"DurableTick"}}}
        """;

    [Fact]
    public async Task The_readiness_probe_on_the_root_answers_ok()
    {
        using var client = factory.CreateClient();

        using var response = await client.GetAsync(new Uri("/", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_queue_message_reaches_the_feed_handler_decoded_and_is_acknowledged_with_the_envelope()
    {
        var handler = new RecordingFeedHandler();
        using var client = ClientWith(services => services.AddSingleton<IFeedMessageHandler>(handler));

        using var response = await PostAsync(client, "/FeedQueueTrigger", RealWorldQueueEnvelope);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([("""{"feedId":"F-1"}""", 3)], handler.Calls);
        using var reply = await ReadJsonAsync(response);
        AssertEnvelopeShape(reply.RootElement);
        Assert.Contains("6a1f0c1e-5d1b-4c55-9d0e-3f1f2a6a7b11", reply.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_failing_feed_handler_answers_500_with_the_error_in_the_logs_so_the_host_retries()
    {
        var handler = new RecordingFeedHandler(new InvalidOperationException("store unavailable"));
        using var client = ClientWith(services => services.AddSingleton<IFeedMessageHandler>(handler));

        using var response = await PostAsync(client, "/FeedQueueTrigger", RealWorldQueueEnvelope);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var reply = await ReadJsonAsync(response);
        AssertEnvelopeShape(reply.RootElement);
        Assert.Contains("store unavailable", reply.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_feed_handler_the_message_is_not_acknowledged()
    {
        using var client = ClientWith(services => services.RemoveAll<IFeedMessageHandler>());

        using var response = await PostAsync(client, "/FeedQueueTrigger", RealWorldQueueEnvelope);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"Metadata":{}}""")]
    public async Task A_request_that_is_not_the_hosts_envelope_is_refused_without_calling_the_handler(string body)
    {
        var handler = new RecordingFeedHandler();
        using var client = ClientWith(services => services.AddSingleton<IFeedMessageHandler>(handler));

        using var response = await PostAsync(client, "/FeedQueueTrigger", body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(handler.Calls);
    }

    [Fact]
    public async Task A_tick_runs_due_work_and_reports_the_counts()
    {
        using var client = ClientWith(services => services.AddScoped<IDurableTickWork>(_ => new FixedTickWork(new DurableTickResult(2, 5))));

        using var response = await PostAsync(client, "/DurableTick", TimerEnvelope);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reply = await ReadJsonAsync(response);
        AssertEnvelopeShape(reply.RootElement);
        var returnValue = reply.RootElement.GetProperty("ReturnValue");
        Assert.Equal(2, returnValue.GetProperty("timersFired").GetInt32());
        Assert.Equal(5, returnValue.GetProperty("activitiesRun").GetInt32());
        Assert.Contains("2 timers", reply.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tick_still_runs_when_the_timer_envelope_is_unreadable()
    {
        using var client = ClientWith(services => services.AddScoped<IDurableTickWork>(_ => new FixedTickWork(new DurableTickResult(0, 1))));

        using var response = await PostAsync(client, "/DurableTick", "");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_failing_tick_answers_500_with_the_error_in_the_logs()
    {
        using var client = ClientWith(services => services.AddScoped<IDurableTickWork>(_ => new FixedTickWork(new TimeoutException("lease store timed out"))));

        using var response = await PostAsync(client, "/DurableTick", TimerEnvelope);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        using var reply = await ReadJsonAsync(response);
        Assert.Contains("lease store timed out", reply.RootElement.GetProperty("Logs")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_reply_serializes_with_the_hosts_member_names()
    {
        var json = JsonSerializer.Serialize(InvocationResponse.From(["done"], new DurableTickResult(1, 2)), JsonSerializerOptions.Web);

        Assert.Equal("""{"Outputs":{},"Logs":["done"],"ReturnValue":{"timersFired":1,"activitiesRun":2}}""", json);
    }

    private static void AssertEnvelopeShape(JsonElement reply)
    {
        Assert.Equal(JsonValueKind.Object, reply.GetProperty("Outputs").ValueKind);
        Assert.Equal(JsonValueKind.Array, reply.GetProperty("Logs").ValueKind);
        Assert.NotEqual(0, reply.GetProperty("Logs").GetArrayLength());
        Assert.True(reply.TryGetProperty("ReturnValue", out _));
    }

    private HttpClient ClientWith(Action<IServiceCollection> configure) =>
        factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(configure)).CreateClient();

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string body) =>
        client.PostAsync(new Uri(path, UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));

    private static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync());

    private sealed class RecordingFeedHandler(Exception? failure = null) : IFeedMessageHandler
    {
        public List<(string Body, int DequeueCount)> Calls { get; } = [];

        public Task HandleAsync(string body, int dequeueCount, CancellationToken cancellationToken)
        {
            Calls.Add((body, dequeueCount));
            return failure is null ? Task.CompletedTask : Task.FromException(failure);
        }

        public Task MarkPoisonedAsync(string body, string reason, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("The feed queue trigger never marks a message poisoned itself.");
    }

    private sealed class FixedTickWork : IDurableTickWork
    {
        private readonly DurableTickResult? _result;
        private readonly Exception? _failure;

        public FixedTickWork(DurableTickResult result) => _result = result;

        public FixedTickWork(Exception failure) => _failure = failure;

        public Task<DurableTickResult> RunDueWorkAsync(CancellationToken cancellationToken) =>
            _failure is null ? Task.FromResult(_result!) : Task.FromException<DurableTickResult>(_failure);
    }
}
