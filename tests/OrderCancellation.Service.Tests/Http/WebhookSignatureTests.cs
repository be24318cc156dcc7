using System.Text;
using OrderCancellation.Api.Notifications;

namespace OrderCancellation.Service.Tests.Http;

public sealed class WebhookSignatureTests
{
    [Fact]
    public void Signature_is_the_hex_hmac_sha256_of_the_body_with_the_secret()
    {
        // Reference value computed independently: printf '{"a":1}' | openssl dgst -sha256 -hmac s3cret
        var signature = WebhookSignature.Compute("s3cret", Encoding.UTF8.GetBytes("{\"a\":1}"));

        Assert.Equal("sha256=5910e62016ef5034272c926c27071992a465c2335cecf41851bda071577f4f6d", signature);
    }

    [Fact]
    public void Verification_fails_for_a_tampered_body()
    {
        var header = WebhookSignature.Compute("s3cret", Encoding.UTF8.GetBytes("{\"a\":1}"));

        Assert.True(WebhookSignature.Verify("s3cret", Encoding.UTF8.GetBytes("{\"a\":1}"), header));
        Assert.False(WebhookSignature.Verify("s3cret", Encoding.UTF8.GetBytes("{\"a\":2}"), header));
        Assert.False(WebhookSignature.Verify("other", Encoding.UTF8.GetBytes("{\"a\":1}"), header));
    }
}
