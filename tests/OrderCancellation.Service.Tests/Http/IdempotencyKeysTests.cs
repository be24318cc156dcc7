using System.Security.Cryptography;
using System.Text;
using OrderCancellation.Api.Http;

namespace OrderCancellation.Service.Tests.Http;

public sealed class IdempotencyKeysTests
{
    public static TheoryData<string?[]> Parts => new()
    {
        new string?[] { "feed-record", "111-2223334-5556667", "NoInventory", "L1=1;L2=all" },
        new string?[] { "cancel", null, "", "ü€😀" },
        new string?[] { "one" },
        new string?[] { new string('x', 3000), "past the stack buffer" },
        Array.Empty<string?>(),
    };

    /// <summary>Stored keys keep their fingerprints across releases: a replay must still match the first request.</summary>
    [Theory]
    [MemberData(nameof(Parts))]
    public void A_fingerprint_is_the_sha256_hex_of_the_parts_joined_by_unit_separators(string?[] parts)
    {
        var joined = string.Join('\u001f', parts.Select(p => p ?? string.Empty));
        var expected = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(joined)));

        Assert.Equal(expected, IdempotencyKeys.Fingerprint(parts));
    }

    [Fact]
    public void A_fingerprint_matches_an_independent_reference()
    {
        // printf 'feed-record\x1f111-2223334-5556667\x1fNoInventory\x1fL1=1' | sha256sum
        Assert.Equal(
            "49BE2900C2C634D029BF506CE57A9F1F6657B7DDBE39AB57BC160902AF429F57",
            IdempotencyKeys.Fingerprint("feed-record", "111-2223334-5556667", "NoInventory", "L1=1"));
    }

    [Fact]
    public void Fingerprints_differ_when_a_part_moves_across_the_separator() =>
        Assert.NotEqual(IdempotencyKeys.Fingerprint("ab", "c"), IdempotencyKeys.Fingerprint("a", "bc"));

    [Fact]
    public void Callers_whose_ids_contain_a_colon_never_share_a_scoped_key() =>
        Assert.NotEqual(IdempotencyKeys.Scoped("cancel:x", "Marketplace:M1", "cancel"), IdempotencyKeys.Scoped("x", "Marketplace:M1:cancel", "cancel"));
}
