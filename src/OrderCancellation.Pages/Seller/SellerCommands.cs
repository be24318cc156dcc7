using Microsoft.AspNetCore.Mvc.ModelBinding;
using OrderCancellation.Api.Orders;
using OrderCancellation.Domain.Commands;
using OrderCancellation.Domain.Decisions;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Pages.Seller;

/// <summary>
/// Runs one of the order page's forms as the signed-in seller through the same command gateway the API uses, and turns
/// a refusal into errors next to the form's fields: field errors under <c>{form}.{path}</c> (or the field <c>fieldOf</c> names), the decision's problem under
/// <c>{form}</c>. Returns what to tell the seller when the command was taken.
/// </summary>
public sealed class SellerCommands(OrderCommands commands, TimeProvider time)
{
    internal async Task<string?> RunAsync(
        string orderId, string form, Actor seller, Func<Actor, DateTimeOffset, FieldErrors, OrderCommand?> build, ModelStateDictionary modelState,
        CancellationToken cancellationToken, Func<string, string>? fieldOf = null)
    {
        var errors = new FieldErrors();
        if (build(seller, time.GetUtcNow(), errors) is not { } command)
        {
            modelState.AddFieldErrors(errors.ToDictionary(), path => $"{form}.{fieldOf?.Invoke(path) ?? path}");
            return null;
        }

        var result = await commands.ExecuteAsync(orderId, command, cancellationToken: cancellationToken);
        if (result.Problem is { } problem)
        {
            modelState.AddProblem(problem, form);
            return null;
        }

        return result.Status == OrderCommandStatus.Pending
            ? "Sent: the order is still working on it. Reload this page in a moment to see the result."
            : Describe(result.Outcome);
    }

    private static string Describe(Outcome? outcome) => outcome switch
    {
        Outcome.Canceled => "The order is canceled.",
        Outcome.PartiallyCanceled => "The items are canceled.",
        Outcome.AttemptingToCancel => "Attempting to cancel.",
        Outcome.CancellationRequested => "Cancellation requested.",
        _ => "Done.",
    };
}
