using System.Security.Cryptography;
using System.Text;
using OrderCancellation.Domain.Commands;

namespace OrderCancellation.Workflow.Contracts;

/// <summary>
/// A short digest of what a command asks, its time left out (a retried request has a new <c>Now</c> but asks the
/// same): 16 hex characters of SHA-256 over its workflow JSON. Deterministic, so the orchestration may compute it.
/// </summary>
public static class CommandFingerprint
{
    public static string Of(OrderCommand command)
    {
        var json = WorkflowJson.Serialize<OrderCommand>(command with { Now = default });
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)).AsSpan(0, 8));
    }
}
