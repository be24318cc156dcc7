namespace OrderCancellation.Domain.Model;

/// <summary>An amount in one currency (ISO 4217 code). Orders are single-currency (checked when placed).</summary>
public sealed record Money(decimal Amount, string CurrencyCode)
{
    public Money Times(int quantity) => this with { Amount = Amount * quantity };
}
