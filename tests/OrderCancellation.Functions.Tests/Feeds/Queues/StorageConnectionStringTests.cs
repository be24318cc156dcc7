using OrderCancellation.Functions.Feeds.Queues;

namespace OrderCancellation.Functions.Tests.Feeds.Queues;

public sealed class StorageConnectionStringTests
{
    private const string Key = "a2V5LWJ5dGVzLWZvci10ZXN0cw==";

    [Fact]
    public void An_account_key_string_builds_the_queue_endpoint_from_protocol_name_and_suffix()
    {
        var parsed = StorageConnectionString.Parse($"DefaultEndpointsProtocol=https;AccountName=ordersprod;AccountKey={Key};EndpointSuffix=core.chinacloudapi.cn");

        Assert.Equal(("ordersprod", new Uri("https://ordersprod.queue.core.chinacloudapi.cn")), (parsed.AccountName, parsed.QueueEndpoint));
        Assert.Equal(Convert.FromBase64String(Key), parsed.AccountKey.ToArray());
    }

    [Fact]
    public void The_suffix_defaults_to_the_public_cloud_and_the_protocol_to_https()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=ordersprod;AccountKey={Key}");

        Assert.Equal(new Uri("https://ordersprod.queue.core.windows.net"), parsed.QueueEndpoint);
    }

    [Fact]
    public void QueueEndpoint_wins_and_keys_are_matched_in_any_case()
    {
        var parsed = StorageConnectionString.Parse($" defaultendpointsprotocol=http ; accountname=devstoreaccount1 ; accountkey={Key} ; queueendpoint=http://127.0.0.1:10001/devstoreaccount1/ ;");

        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
    }

    [Fact]
    public void UseDevelopmentStorage_is_the_Azurite_account_on_its_default_port()
    {
        var parsed = StorageConnectionString.Parse("UseDevelopmentStorage=true");

        Assert.Equal("devstoreaccount1", parsed.AccountName);
        Assert.Equal(new Uri("http://127.0.0.1:10001/devstoreaccount1"), parsed.QueueEndpoint);
        Assert.Equal(Convert.FromBase64String(StorageConnectionString.DevelopmentAccountKey), parsed.AccountKey.ToArray());
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("AccountName=a", "no AccountKey")]
    [InlineData("AccountKey=" + Key, "no AccountName")]
    [InlineData("AccountName=a;AccountKey=not base64!", "not base64")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";QueueEndpoint=ftp://x", "not an http(s) URL")]
    [InlineData("AccountName=a;AccountKey=" + Key + ";DefaultEndpointsProtocol=ftp", "neither http nor https")]
    [InlineData("QueueEndpoint=https://a.queue.core.windows.net;SharedAccessSignature=sv=2020&sig=x", "not supported")]
    [InlineData("just some text", "Key=Value")]
    public void An_unusable_string_says_why_without_echoing_the_key(string connectionString, string reason)
    {
        var error = Assert.Throws<FormatException>(() => StorageConnectionString.Parse(connectionString));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Key, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ToString_never_shows_the_key()
    {
        var parsed = StorageConnectionString.Parse($"AccountName=ordersprod;AccountKey={Key}");

        Assert.Equal("AccountName=ordersprod;QueueEndpoint=https://ordersprod.queue.core.windows.net/", parsed.ToString());
        Assert.DoesNotContain(Key, $"{parsed}", StringComparison.Ordinal);
    }
}
