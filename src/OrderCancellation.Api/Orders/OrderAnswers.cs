using OrderCancellation.Domain.Decisions;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Api.Orders;

/// <summary>Turns command results and reads into HTTP answers: stored bodies, ETag, Location, and no existence leak.</summary>
internal static class OrderAnswers
{
    /// <summary>Someone else's order answers exactly like a missing one (§5).</summary>
    public static JsonAnswer NotFound { get; } = new(404, OrderJson.Problem(Domain.Decisions.Problems.OrderNotFound));

    public static string Location(string orderId) => $"/api/orders/{Uri.EscapeDataString(orderId)}";

    public static string CommandLocation(string orderId, string commandId) => $"{Location(orderId)}/commands/{Uri.EscapeDataString(commandId)}";

    public static IResult From(OrderCommandResult result, string orderId)
    {
        if (result.Problem is { Code: "not-your-order" })
        {
            return NotFound;
        }

        var headers = new List<KeyValuePair<string, string>>();
        if (result.Succeeded && result.Version > 0)
        {
            headers.Add(new("ETag", ETags.For(result.Version)));
        }

        if (result.Response.StatusCode == StatusCodes.Status201Created)
        {
            headers.Add(new("Location", Location(orderId)));
        }
        else if (result.Status == OrderCommandStatus.Pending)
        {
            headers.Add(new("Location", CommandLocation(orderId, result.CommandId)));
        }

        return new JsonAnswer(result.Response.StatusCode, result.Response.Body, headers);
    }

}
