using System.Globalization;
using System.Text;
using System.Xml.Linq;
using OrderCancellation.Durable.Queues;

namespace OrderCancellation.Functions.Feeds.Queues;

/// <summary>The XML bodies of the Queue service, and the base64 message encoding the Functions host uses.</summary>
internal static class QueueMessageXml
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The Put Message body: the UTF-8 bytes of <paramref name="messageText"/> already base64-encoded.</summary>
    public static byte[] PutMessageBody(string messageText) =>
        Encoding.UTF8.GetBytes(new XElement("QueueMessage", new XElement("MessageText", messageText)).ToString(SaveOptions.DisableFormatting));

    public static string Encode(string body) => Convert.ToBase64String(Encoding.UTF8.GetBytes(body));

    /// <summary>
    /// Base64 of UTF-8, as the Functions host writes and reads; a text that is not (a producer that
    /// skipped the encoding) is taken as it is rather than failing the message.
    /// </summary>
    public static string Decode(string messageText)
    {
        var bytes = new byte[messageText.Length];
        if (messageText.Length > 0 && Convert.TryFromBase64String(messageText, bytes, out var length))
        {
            try
            {
                return StrictUtf8.GetString(bytes, 0, length);
            }
            catch (DecoderFallbackException)
            {
                // Valid base64 by accident (e.g. "abcd"), not encoded text: fall through.
            }
        }

        return messageText;
    }

    /// <summary>Reads a Get Messages response (<c>QueueMessagesList</c>).</summary>
    public static IReadOnlyList<QueueMessage> ReadMessages(string queueName, XDocument document)
    {
        var root = document.Root;
        if (root is null || root.Name.LocalName != "QueueMessagesList")
        {
            throw new FormatException($"The Get Messages response is not a QueueMessagesList but <{root?.Name.LocalName}>.");
        }

        return root.Elements("QueueMessage").Select(m => new QueueMessage(
            queueName,
            Required(m, "MessageId"),
            Required(m, "PopReceipt"),
            Decode((string?)m.Element("MessageText") ?? ""),
            int.Parse(Required(m, "DequeueCount"), NumberStyles.None, CultureInfo.InvariantCulture),
            DateTimeOffset.ParseExact(Required(m, "InsertionTime"), "R", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal))).ToList();
    }

    /// <summary>Reads <c>&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;</c>; null parts when the body is not that.</summary>
    public static (string? Code, string? Message) ReadError(string body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return (null, null);
        }

        try
        {
            var root = XDocument.Parse(body).Root;
            var message = (string?)root?.Element("Message");
            // The service appends "\nRequestId:…\nTime:…"; keep it on one line.
            return ((string?)root?.Element("Code"), message?.ReplaceLineEndings(" ").Trim());
        }
        catch (System.Xml.XmlException)
        {
            return (null, body.Length > 200 ? body[..200] + "…" : body);
        }
    }

    private static string Required(XElement message, string name) =>
        (string?)message.Element(name) ?? throw new FormatException($"A QueueMessage in the Get Messages response has no <{name}>.");
}
