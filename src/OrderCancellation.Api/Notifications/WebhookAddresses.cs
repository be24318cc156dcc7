using System.Net;
using System.Net.Sockets;

namespace OrderCancellation.Api.Notifications;

/// <summary>
/// Which addresses a webhook may reach when private networks are not allowed: globally reachable unicast only (the IANA
/// special-purpose registries). Loopback, private, link-local (cloud metadata 169.254.169.254 among them), carrier-grade NAT
/// (Alibaba's metadata 100.100.100.200), unique-local (AWS's fd00:ec2::254), multicast, unspecified, documentation and
/// benchmarking ranges are refused, in IPv4 form and in IPv4-mapped IPv6 form alike.
/// </summary>
public static class WebhookAddresses
{
    private static readonly IPNetwork[] RefusedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),       // "this network", unspecified
        IPNetwork.Parse("10.0.0.0/8"),      // private
        IPNetwork.Parse("100.64.0.0/10"),   // carrier-grade NAT (and 100.100.100.200, Alibaba Cloud metadata)
        IPNetwork.Parse("127.0.0.0/8"),     // loopback
        IPNetwork.Parse("169.254.0.0/16"),  // link-local (and 169.254.169.254, cloud metadata)
        IPNetwork.Parse("172.16.0.0/12"),   // private
        IPNetwork.Parse("192.0.0.0/24"),    // IETF protocol assignments
        IPNetwork.Parse("192.0.2.0/24"),    // documentation
        IPNetwork.Parse("192.88.99.0/24"),  // 6to4 relay anycast (deprecated)
        IPNetwork.Parse("192.168.0.0/16"),  // private
        IPNetwork.Parse("198.18.0.0/15"),   // benchmarking
        IPNetwork.Parse("198.51.100.0/24"), // documentation
        IPNetwork.Parse("203.0.113.0/24"),  // documentation
        IPNetwork.Parse("224.0.0.0/4"),     // multicast
        IPNetwork.Parse("240.0.0.0/4"),     // reserved, broadcast
    ];

    // Global unicast is 2000::/3; everything outside it (loopback, unspecified, IPv4-compatible, NAT64 64:ff9b::/96,
    // unique-local fc00::/7 with fd00:ec2::254, link-local fe80::/10, multicast ff00::/8) is refused by that alone.
    private static readonly IPNetwork GlobalUnicastV6 = IPNetwork.Parse("2000::/3");

    private static readonly IPNetwork[] RefusedV6 =
    [
        IPNetwork.Parse("2001::/23"),     // IETF protocol assignments (Teredo 2001::/32 embeds an IPv4 address)
        IPNetwork.Parse("2001:db8::/32"), // documentation
        IPNetwork.Parse("2002::/16"),     // 6to4 (embeds an IPv4 address)
        IPNetwork.Parse("3fff::/20"),     // documentation
    ];

    /// <summary>Cloud metadata services (AWS, GCP, Azure; AWS IPv6; AWS ECS tasks; Alibaba), refused even where private networks are allowed.</summary>
    private static readonly IPAddress[] MetadataAddresses =
        [IPAddress.Parse("169.254.169.254"), IPAddress.Parse("fd00:ec2::254"), IPAddress.Parse("169.254.170.2"), IPAddress.Parse("100.100.100.200")];

    /// <summary>Host names of cloud metadata services, refused whatever they resolve to.</summary>
    private static readonly HashSet<string> RefusedNames = new(StringComparer.OrdinalIgnoreCase) { "metadata.google.internal", "metadata.goog", "metadata" };

    /// <summary>Whether a webhook may connect to <paramref name="address"/> when private networks are not allowed.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily switch
        {
            AddressFamily.InterNetwork => !RefusedV4.Any(n => n.Contains(address)),
            AddressFamily.InterNetworkV6 => GlobalUnicastV6.Contains(address) && !RefusedV6.Any(n => n.Contains(address)),
            _ => false,
        };
    }

    /// <summary>Whether <paramref name="address"/> is a cloud metadata service's (in IPv4-mapped form too).</summary>
    public static bool IsMetadata(IPAddress address) =>
        MetadataAddresses.Contains(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>Whether <paramref name="host"/> is the name of a cloud metadata service.</summary>
    public static bool IsMetadataName(string host) => RefusedNames.Contains(host.TrimEnd('.'));
}
