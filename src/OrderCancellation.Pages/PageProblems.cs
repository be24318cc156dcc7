using Microsoft.AspNetCore.Mvc.ModelBinding;
using OrderCancellation.Domain.Decisions;

namespace OrderCancellation.Pages;

/// <summary>
/// Puts a refusal of the application services into a page's ModelState, so the page shows the problem's own text next
/// to the field it is about (the <c>_Problem</c> partial) and the page answers like the API would (its status code).
/// </summary>
public static class PageProblems
{
    /// <summary>The ModelState key of a problem about the whole form rather than one field.</summary>
    public const string FormKey = "";

    /// <summary>The problem's title and detail under <paramref name="field"/> (the form when null).</summary>
    public static void AddProblem(this ModelStateDictionary modelState, Problem problem, string? field = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        modelState.AddModelError(field ?? FormKey, Text(problem));
    }

    /// <summary>Field errors as the API's problems carry them (<c>errors</c>: JSON path → messages), each under its key mapped by <paramref name="fieldOf"/>.</summary>
    public static void AddFieldErrors(this ModelStateDictionary modelState, IDictionary<string, string[]> errors, Func<string, string>? fieldOf = null)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (path, messages) in errors)
        {
            foreach (var message in messages)
            {
                modelState.AddModelError(fieldOf?.Invoke(path) ?? path, message);
            }
        }
    }

    /// <summary>What a person reads: the title, then the detail when it says more.</summary>
    public static string Text(Problem problem) =>
        string.IsNullOrWhiteSpace(problem.Detail) || problem.Detail == problem.Title ? problem.Title : $"{problem.Title}: {problem.Detail}";
}
