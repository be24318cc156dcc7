namespace OrderCancellation.Domain.Decisions;

/// <summary>
/// An expected refusal: a stable <paramref name="Code"/> slug, the HTTP status to answer with, and
/// RFC 9457 title/detail. The HTTP layer adds <c>type</c> and <c>instance</c>.
/// </summary>
public sealed record Problem(string Code, int Status, string Title, string Detail);
