using System.Text;
using System.Text.Json;
using OrderCancellation.Functions.CustomHandler;

namespace OrderCancellation.Functions.Tests.CustomHandler;

/// <summary>
/// The envelope as the documentation shows it and as the real host sends it (double-encoded strings,
/// DequeueCount as a string, base64 bodies, null ScheduleStatus).
/// </summary>
public sealed class InvocationRequestTests
{
    private const string FeedReference = """{"feedId":"F-1"}""";

    [Fact]
    public void The_documented_queue_envelope_is_read_even_under_another_binding_name()
    {
        var invocation = ParseQueue("""
            {
              "Data": { "myQueueItem": "{ message: \"Message sent\" }" },
              "Metadata": {
                "DequeueCount": 1,
                "ExpirationTime": "2019-10-16T17:58:31+00:00",
                "Id": "800ae4b3-bdd2-4c08-badd-f08e5a34b865",
                "InsertionTime": "2019-10-09T17:58:31+00:00",
                "NextVisibleTime": "2019-10-09T18:08:32+00:00",
                "PopReceipt": "AgAAAAMAAAAAAAAAAgtnj8x+1QE=",
                "sys": { "MethodName": "QueueTrigger", "UtcNow": "2019-10-09T17:58:32.2205399Z", "RandGuid": "24ad4c06-24ad-4e5b-8294-3da9714877e9" }
              }
            }
            """);

        Assert.Equal("{ message: \"Message sent\" }", invocation.Body);
        Assert.Equal(1, invocation.DequeueCount);
        Assert.Equal("800ae4b3-bdd2-4c08-badd-f08e5a34b865", invocation.MessageId);
        Assert.Equal(new DateTimeOffset(2019, 10, 9, 17, 58, 31, TimeSpan.Zero), invocation.InsertionTime);
    }

    [Fact]
    public void The_real_hosts_double_encoded_text_message_string_count_and_id_are_unwrapped()
    {
        var invocation = ParseQueue("""
            {
              "Data": { "message": "\"hello!!\"" },
              "Metadata": {
                "DequeueCount": "1",
                "ExpirationTime": "2025-02-20T05:41:21+00:00",
                "Id": "\"52d53c5f-2c5e-4bd6-a5c7-0c3b9f2d37b1\"",
                "InsertionTime": "2025-02-13T05:41:21+00:00",
                "PopReceipt": "\"MTNGZWIyMDI1\"",
                "sys": { "MethodName": "FeedQueueTrigger", "UtcNow": "2025-02-13T05:41:22.1Z", "RandGuid": "b0e1" }
              }
            }
            """);

        Assert.Equal("hello!!", invocation.Body);
        Assert.Equal(1, invocation.DequeueCount);
        Assert.Equal("52d53c5f-2c5e-4bd6-a5c7-0c3b9f2d37b1", invocation.MessageId);
    }

    [Fact]
    public void A_json_message_sent_as_a_string_is_the_json_text()
    {
        var invocation = ParseQueue(Envelope(JsonSerializer.Serialize(FeedReference)));

        Assert.Equal(FeedReference, invocation.Body);
    }

    [Fact]
    public void A_json_message_encoded_twice_is_unwrapped_to_the_json_text()
    {
        var twice = JsonSerializer.Serialize(JsonSerializer.Serialize(FeedReference));

        var invocation = ParseQueue(Envelope(twice));

        Assert.Equal(FeedReference, invocation.Body);
    }

    [Fact]
    public void A_json_message_sent_as_an_object_is_its_raw_json()
    {
        var invocation = ParseQueue(Envelope(FeedReference));

        Assert.Equal(FeedReference, invocation.Body);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_base64_message_is_decoded(bool encodedTwice)
    {
        var base64 = JsonSerializer.Serialize(Convert.ToBase64String(Encoding.UTF8.GetBytes(FeedReference)));
        var value = encodedTwice ? JsonSerializer.Serialize(base64) : base64;

        var invocation = ParseQueue(Envelope(value));

        Assert.Equal(FeedReference, invocation.Body);
    }

    [Theory]
    [InlineData("abcd")]
    [InlineData("F-123")]
    [InlineData("{ not json")]
    public void Plain_text_that_only_looks_like_base64_or_json_stays_as_it_is(string text)
    {
        var invocation = ParseQueue(Envelope(JsonSerializer.Serialize(text)));

        Assert.Equal(text, invocation.Body);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("\"3\"")]
    [InlineData("\"\\\"3\\\"\"")]
    public void DequeueCount_is_read_as_a_number_a_string_or_a_double_encoded_string(string dequeueCount)
    {
        var invocation = ParseQueue("""{"Data":{"message":"x"},"Metadata":{"DequeueCount":""" + dequeueCount + "}}");

        Assert.Equal(3, invocation.DequeueCount);
    }

    [Theory]
    [InlineData("""{"Data":{"message":"x"}}""")]
    [InlineData("""{"Data":{"message":"x"},"Metadata":{"DequeueCount":null}}""")]
    [InlineData("""{"Data":{"message":"x"},"Metadata":{"DequeueCount":"many"}}""")]
    public void A_missing_or_unreadable_DequeueCount_counts_as_the_first_delivery(string json)
    {
        Assert.Equal(1, ParseQueue(json).DequeueCount);
    }

    [Theory]
    [InlineData("""{"Metadata":{}}""")]
    [InlineData("""[]""")]
    [InlineData("""{"Data":{"first":"a","second":"b"}}""")]
    public void An_envelope_without_the_triggers_value_is_refused(string json)
    {
        Assert.Throws<InvocationFormatException>(() => ParseQueue(json));
    }

    [Fact]
    public void A_timer_without_schedule_status_is_read()
    {
        var timer = ParseTimer("""
            {
              "Data": { "timer": { "Schedule": { "AdjustForDST": true }, "ScheduleStatus": null, "IsPastDue": false } },
              "Metadata": { "sys": { "MethodName": "DurableTick", "UtcNow": "2025-02-13T05:41:20.0Z", "RandGuid": "c1" } }
            }
            """);

        Assert.Equal(new TimerInvocation(IsPastDue: false, Last: null, Next: null), timer);
    }

    [Fact]
    public void A_past_due_timer_with_schedule_status_is_read()
    {
        var timer = ParseTimer("""
            {
              "Data": { "timer": { "Schedule": {}, "IsPastDue": true,
                "ScheduleStatus": { "Last": "2025-02-13T05:41:10+00:00", "Next": "2025-02-13T05:41:20+00:00", "LastUpdated": "2025-02-13T05:41:10+00:00" } } },
              "Metadata": {}
            }
            """);

        Assert.True(timer.IsPastDue);
        Assert.Equal(new DateTimeOffset(2025, 2, 13, 5, 41, 10, TimeSpan.Zero), timer.Last);
        Assert.Equal(new DateTimeOffset(2025, 2, 13, 5, 41, 20, TimeSpan.Zero), timer.Next);
    }

    [Fact]
    public void A_timer_sent_as_a_json_string_is_read()
    {
        var inner = """{"Schedule":{"AdjustForDST":true},"ScheduleStatus":null,"IsPastDue":"true"}""";

        var timer = ParseTimer("""{"Data":{"timer":""" + JsonSerializer.Serialize(inner) + """},"Metadata":{}}""");

        Assert.True(timer.IsPastDue);
        Assert.Null(timer.Last);
    }

    private static string Envelope(string messageJson) =>
        """{"Data":{"message":""" + messageJson + """},"Metadata":{"DequeueCount":1}}""";

    private static QueueInvocation ParseQueue(string json)
    {
        using var document = JsonDocument.Parse(json);
        return InvocationRequest.ParseQueue(document.RootElement, "message");
    }

    private static TimerInvocation ParseTimer(string json)
    {
        using var document = JsonDocument.Parse(json);
        return InvocationRequest.ParseTimer(document.RootElement, "timer");
    }
}
