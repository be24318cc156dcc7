using System.Text;
using OrderCancellation.Api.Notifications;

namespace OrderCancellation.Service.Tests.Http;

/// <summary>The delivery's <c>X-Signature</c> and the receiver's check (<see cref="WebhookSignature.Verify"/>).</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "s3cret";

    private static readonly byte[] Body = Encoding.UTF8.GetBytes("{\"a\":1}");

    private static readonly DateTimeOffset SignedAt = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);

    [Fact]
    public void The_signature_is_the_timestamp_and_the_hex_hmac_sha256_of_timestamp_dot_body()
    {
        // Reference value computed independently: printf '1700000000.{"a":1}' | openssl dgst -sha256 -hmac s3cret
        var signature = WebhookSignature.Compute(Secret, SignedAt, Body);

        Assert.Equal("t=1700000000,v1=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940", signature);
    }

    [Fact]
    public void The_signature_covers_the_timestamp()
    {
        var header = WebhookSignature.Compute(Secret, SignedAt, Body);
        var moved = header.Replace("t=1700000000", "t=1700000100", StringComparison.Ordinal);

        Assert.True(WebhookSignature.Verify(Secret, Body, header, SignedAt.AddSeconds(100)));
        Assert.False(WebhookSignature.Verify(Secret, Body, moved, SignedAt.AddSeconds(100)));
    }

    [Fact]
    public void Verification_fails_for_a_tampered_body_or_another_secret()
    {
        var header = WebhookSignature.Compute(Secret, SignedAt, Body);

        Assert.True(WebhookSignature.Verify(Secret, Body, header, SignedAt));
        Assert.False(WebhookSignature.Verify(Secret, Encoding.UTF8.GetBytes("{\"a\":2}"), header, SignedAt));
        Assert.False(WebhookSignature.Verify("other", Body, header, SignedAt));
    }

    [Theory]
    [InlineData(-301, false)]
    [InlineData(-300, true)]
    [InlineData(0, true)]
    [InlineData(300, true)]
    [InlineData(301, false)]
    public void A_receiver_refuses_a_signature_older_than_five_minutes_or_more_than_five_minutes_ahead(int receivedSecondsLater, bool accepted)
    {
        var header = WebhookSignature.Compute(Secret, SignedAt, Body);

        Assert.Equal(accepted, WebhookSignature.Verify(Secret, Body, header, SignedAt.AddSeconds(-receivedSecondsLater)));
    }

    [Fact]
    public void A_receiver_may_choose_its_own_tolerance()
    {
        var header = WebhookSignature.Compute(Secret, SignedAt, Body);

        Assert.False(WebhookSignature.Verify(Secret, Body, header, SignedAt.AddSeconds(61), TimeSpan.FromMinutes(1)));
        Assert.True(WebhookSignature.Verify(Secret, Body, header, SignedAt.AddSeconds(60), TimeSpan.FromMinutes(1)));
    }

    [Fact]
    public void Any_of_several_v1_values_may_match_so_a_receiver_can_rotate_its_secret()
    {
        var current = WebhookSignature.Compute(Secret, SignedAt, Body);
        var header = $"{current},v1={new string('0', 64)}";

        Assert.True(WebhookSignature.Verify(Secret, Body, header, SignedAt));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sha256=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940")]
    [InlineData("v1=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940")]
    [InlineData("t=1700000000")]
    [InlineData("t=1700000000,v1=")]
    [InlineData("t=1700000000,v1=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e0989")]
    [InlineData("t=1700000000,v1=zz98a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940")]
    [InlineData("t=-1700000000,v1=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940")]
    [InlineData("t=99999999999999999999,v1=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940")]
    [InlineData("t=9223372036854775807,v1=1698a50bc74d1ff1db85c4e0a5297c2ad9fdba245d5737cdb789e4cc6e098940")]
    public void A_malformed_header_does_not_verify_and_does_not_throw(string? header)
    {
        Assert.False(WebhookSignature.Verify(Secret, Body, header, SignedAt));
    }
}
