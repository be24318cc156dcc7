using OrderCancellation.Domain.Model;
using OrderCancellation.Domain.Reasons;

namespace OrderCancellation.Domain.Commands;

public abstract partial record OrderCommand
{
    /// <summary>
    /// Cancel the whole order (<paramref name="Lines"/> null or empty: every cancelable quantity) or
    /// some quantities. <paramref name="Reason"/> is a reason code's name for sellers, Support and the
    /// marketplace, free text (≤ 500 chars) for buyers. <paramref name="Source"/> says whether it came
    /// from a feed, where the XSD's extra reasons are allowed.
    /// </summary>
    public sealed record Cancel(
        Actor By,
        DateTimeOffset Now,
        string? Reason = null,
        IReadOnlyList<LineQuantity>? Lines = null,
        string? Note = null,
        CancelSource Source = CancelSource.Api) : OrderCommand(By, Now);
}
