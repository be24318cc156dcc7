using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using MimeKit;
using OrderCancellation.Api.Email;
using OrderCancellation.Api.Notifications;
using OrderCancellation.Domain.Effects;
using OrderCancellation.Domain.Model;

namespace OrderCancellation.Service.Tests.Email;

/// <summary>The e-mail's layout per notice kind, its Message-Id, and where addresses come from.</summary>
public sealed class EmailTemplateTests
{
    private static readonly MailboxAddress From = MailboxAddress.Parse("Amazon <no-reply@orders.example>");

    [Fact]
    public void Every_notice_kind_has_a_template()
    {
        foreach (var kind in Enum.GetValues<NotificationKind>())
        {
            var notice = new StoredNotification($"111-2223334-4445556:2:{(int)kind}", kind.ToString(), "seller:S1", $"subject of {kind}", $"body of {kind}", DateTimeOffset.UnixEpoch);

            var message = NoticeEmail.Build("111-2223334-4445556", notice, Actor.Seller("S1"), From, MailboxAddress.Parse("s1@sellers.example"), null);

            var template = NoticeTemplates.For(kind);
            Assert.False(string.IsNullOrWhiteSpace(template.Heading), kind.ToString());
            Assert.Equal($"subject of {kind}", message.Subject);
            Assert.Contains($"body of {kind}", message.TextBody, StringComparison.Ordinal);
            Assert.Contains($"body of {kind}", message.HtmlBody, StringComparison.Ordinal);
            Assert.Contains(template.Heading, message.TextBody, StringComparison.Ordinal);
            Assert.StartsWith("Dear Seller,", message.TextBody, StringComparison.Ordinal);
            Assert.Contains("Thank you for selling on Amazon.", message.HtmlBody, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Message_ids_come_from_the_notice_id_alone_and_keep_different_ids_apart()
    {
        Assert.Equal("111-2223334-4445556=3A3=3A2@orders.example", MessageIds.For("111-2223334-4445556:3:2", "orders.example"));
        Assert.NotEqual(MessageIds.For("A.1:2:0", "d"), MessageIds.For("A:1:2:0", "d"));
        Assert.Equal(MessageIds.For("A.1:2:0", "d"), MessageIds.For("A.1:2:0", "d"));

        // What MimeKit writes and reads back is the same id.
        var message = new MimeMessage { MessageId = MessageIds.For("A.1:2:0", "orders.example") };
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        stream.Position = 0;
        Assert.Equal("A=2E1=3A2=3A0@orders.example", MimeMessage.Load(stream).MessageId);
    }

    [Fact]
    public async Task Addresses_come_from_the_contacts_then_the_default_domain_for_buyers_and_sellers()
    {
        var options = new EmailOptions
        {
            DefaultDomain = "customers.example",
            Contacts = new() { ["Buyer"] = new() { ["B1"] = "Buyer One <b1@buyers.example>" }, ["marketplace"] = new() { ["fulfillment-network"] = "fc@amazon.example" } },
        };
        var directory = new ConfigurationContactDirectory(new StaticOptions(options));

        Assert.Equal("b1@buyers.example", (await directory.FindAsync(Actor.Buyer("B1"), default))!.Address);
        Assert.Equal("b2@customers.example", (await directory.FindAsync(Actor.Buyer("b2"), default))!.Address);
        Assert.Equal("S9@customers.example", (await directory.FindAsync(Actor.Seller("S9"), default))!.Address);
        Assert.Equal("fc@amazon.example", (await directory.FindAsync(Actor.Marketplace("fulfillment-network"), default))!.Address);
        Assert.Null(await directory.FindAsync(Actor.Marketplace("amazon"), default));
        Assert.Null(await directory.FindAsync(Actor.Seller("S:9"), default)); // not a valid local part
        Assert.Null(await new ConfigurationContactDirectory(new StaticOptions(new EmailOptions())).FindAsync(Actor.Buyer("B1"), default));
    }

    [Theory]
    [InlineData("Email:From", "not an address", "Email:From")]
    [InlineData("Email:Smtp:Port", "0", "Email:Smtp:Port")]
    [InlineData("Email:Contacts:Seller:S1", "nobody", "Email:Contacts:Seller:S1")]
    [InlineData("Email:OrderLinkBase", "ftp://x.example/", "Email:OrderLinkBase")]
    public void Bad_email_settings_are_named_when_smtp_is_on(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "smtp.example",
            ["Email:From"] = "no-reply@orders.example",
            [key] = value,
        }).Build();
        var options = new EmailOptions();
        configuration.GetSection(EmailOptions.SectionName).Bind(options);

        Assert.Contains(named, options.Problem(), StringComparison.Ordinal);
    }

    private sealed class StaticOptions(EmailOptions value) : IOptionsMonitor<EmailOptions>
    {
        public EmailOptions CurrentValue => value;

        public EmailOptions Get(string? name) => value;

        public IDisposable? OnChange(Action<EmailOptions, string?> listener) => null;
    }
}
