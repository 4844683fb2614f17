using System.Net;

namespace Makoto.Web.Hosting;

/// <summary>
/// Reverse proxies in front of Makoto (<c>Makoto:Proxy</c>). Behind a proxy every request comes from the proxy's
/// address; listing the proxy here makes Makoto take the visitor's address from <c>X-Forwarded-For</c> and the
/// scheme from <c>X-Forwarded-Proto</c> (what Matomo's <c>proxy_client_headers</c> and <c>proxy_ips</c> do). Only
/// requests from a listed address are believed, so a visitor cannot choose the address they are recorded with.
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) of the proxies.</summary>
    public List<string> TrustedProxies { get; set; } = [];

    /// <summary>
    /// The forwarded-headers settings for the listed proxies, or null when none is listed. Throws with the setting's
    /// name (<see cref="ServerConfigurationException"/>) when an entry is not an address or a network.
    /// </summary>
    public ForwardedHeadersOptions? ForwardedHeaders()
    {
        if (TrustedProxies.Count == 0)
        {
            return null;
        }

        var options = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto,
            // A chain of listed proxies is walked from the nearest; the first address not listed is the visitor.
            ForwardLimit = null,
        };
        options.KnownProxies.Clear();
        options.KnownIPNetworks.Clear();
        foreach (var entry in TrustedProxies)
        {
            options.KnownIPNetworks.Add(Network(entry.Trim()));
        }

        return options;
    }

    private static System.Net.IPNetwork Network(string entry)
    {
        if (IPAddress.TryParse(entry, out var address))
        {
            var bits = address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? 128 : 32;
            return new System.Net.IPNetwork(address, bits);
        }

        if (System.Net.IPNetwork.TryParse(entry, out var network))
        {
            return network;
        }

        throw new ServerConfigurationException(
            $"Makoto:Proxy:TrustedProxies: '{entry}' is not an IP address or network; write one like 10.0.0.5 or 10.0.0.0/8.");
    }
}

/// <summary>A setting the server cannot start with; the message names the setting and says what to write.</summary>
public sealed class ServerConfigurationException(string message) : Exception(message);
