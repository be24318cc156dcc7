using System.Text.Json;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;
using OrderCancellation.Durable.Activities;
using OrderCancellation.Functions.Activities;
using OrderCancellation.Functions.Http;
using OrderCancellation.Functions.Tests.Activities.Support;

namespace OrderCancellation.Functions.Tests.Activities;

public sealed class ActivityPayloadTests
{
    public static TheoryData<Activity> DomainActivities() => [.. AllDomainActivities()];

    private static IEnumerable<Activity> AllDomainActivities()
    {
        var order = OrderScenario.PaidOrder("111-0000001-0000001");
        return OrderScenario.SellerCancels(order).Activities
            .Concat(OrderScenario.BuyerRequests(order).Activities)
            .Concat(OrderScenario.Ships(order, "L1", 1).Activities);
    }

    [Theory]
    [MemberData(nameof(DomainActivities))]
    public void A_domain_activity_serialized_with_the_api_options_reads_back_equal(Activity activity)
    {
        var context = new ActivityContext("a1", "111-0000001-0000001", activity.Name, ActivityPayload.Serialize(activity), 1);

        Activity read = activity switch
        {
            Activity.ReleaseAuthorization => ActivityPayload.Read<Activity.ReleaseAuthorization>(context),
            Activity.CapturePayment => ActivityPayload.Read<Activity.CapturePayment>(context),
            Activity.Restock => ActivityPayload.Read<Activity.Restock>(context),
            Activity.SendNotification => ActivityPayload.Read<Activity.SendNotification>(context),
            Activity.PublishOrderChange => ActivityPayload.Read<Activity.PublishOrderChange>(context),
            _ => throw new InvalidOperationException(activity.Name),
        };

        Assert.Equal(activity, read);
    }

    [Fact]
    public void The_domain_activities_cover_every_handler()
    {
        var names = AllDomainActivities().Select(a => a.Name).ToHashSet();

        Assert.Equal(["CapturePayment", "PublishOrderChange", "ReleaseAuthorization", "Restock", "SendNotification"], names.Order());
    }

    [Fact]
    public void Enums_travel_as_names_and_the_payload_is_camel_case()
    {
        var payload = ActivityPayload.Serialize(new Activity.SendNotification(NotificationKind.OrderCanceled, Actor.Buyer("B1"), "s", "b"));

        using var json = JsonDocument.Parse(payload);
        Assert.Equal("OrderCanceled", json.RootElement.GetProperty("kind").GetString());
        Assert.Equal("Buyer", json.RootElement.GetProperty("recipient").GetProperty("role").GetString());
        Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<Activity.SendNotification>(payload.Replace("\"OrderCanceled\"", "0"), ApiJson.Options));
    }
}
