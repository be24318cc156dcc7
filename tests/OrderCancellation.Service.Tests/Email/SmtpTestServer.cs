using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace OrderCancellation.Service.Tests.Email;

/// <summary>
/// A real SMTP server (the SmtpServer package) on a free 127.0.0.1 port, standing in for the mail relay the product does
/// not own: it keeps every message it accepts, parsed by MimeKit, and refuses the next messages when told to
/// (451 after DATA, a transient failure the client reports as an error).
/// </summary>
public sealed class SmtpTestServer : IAsyncDisposable
{
    private readonly Store _store = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly SmtpServer.SmtpServer _server;
    private readonly Task _running;

    private SmtpTestServer(int port)
    {
        Port = port;
        var options = new SmtpServerOptionsBuilder()
            .ServerName("localhost")
            .Endpoint(e => e.Endpoint(new IPEndPoint(IPAddress.Loopback, port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(_store);
        _server = new SmtpServer.SmtpServer(options, services);
        _running = _server.StartAsync(_stop.Token);
    }

    public int Port { get; }

    /// <summary>The messages accepted so far, in order.</summary>
    public IReadOnlyList<MimeMessage> Messages => [.. _store.Accepted];

    /// <summary>How many messages were refused so far.</summary>
    public int Refused => _store.Refused;

    public static SmtpTestServer Start() => new(FreePort());

    /// <summary>The next <paramref name="times"/> messages are refused.</summary>
    public void RefuseNext(int times) => Interlocked.Exchange(ref _store.RefusalsLeft, times);

    /// <summary>The settings that send the app's notices here (TLS off: the server offers none).</summary>
    public Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Email:Smtp:Host"] = "127.0.0.1",
            ["Email:Smtp:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Email:Smtp:Security"] = "None",
            ["Email:Smtp:Timeout"] = "00:00:30",
            ["Email:From"] = "Amazon <no-reply@orders.example>",
            ["Email:Contacts:Buyer:B1"] = "Buyer One <b1@buyers.example>",
            ["Email:Contacts:Seller:S1"] = "s1@sellers.example",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        _server.Shutdown();
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // stopped by us
        }

        _stop.Dispose();
    }

    /// <summary>The OS picks a free port for a moment; the server binds it right after.</summary>
    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private sealed class Store : MessageStore
    {
        public readonly ConcurrentQueue<MimeMessage> Accepted = new();
        public int RefusalsLeft;
        private int _refused;

        public int Refused => Volatile.Read(ref _refused);

        public override async Task<SmtpResponse> SaveAsync(
            ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
        {
            if (Interlocked.Decrement(ref RefusalsLeft) >= 0)
            {
                Interlocked.Increment(ref _refused);
                return new SmtpResponse((SmtpReplyCode)451, "4.3.0 try again later");
            }

            using var stream = new MemoryStream(buffer.ToArray());
            Accepted.Enqueue(await MimeMessage.LoadAsync(stream, cancellationToken));
            return SmtpResponse.Ok;
        }
    }
}
