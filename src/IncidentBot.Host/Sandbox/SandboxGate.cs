using System.Net;
using IncidentBot.Core;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace IncidentBot.Host.Sandbox;

internal enum SandboxAccess
{
    /// <summary>Every sandbox path answers 404.</summary>
    Off,

    /// <summary>On for requests addressed to a loopback host name (a DNS-rebound name gets 404).</summary>
    Loopback,

    /// <summary>On for every request: <c>Sandbox:Enabled=true</c>.</summary>
    Everywhere,
}

/// <summary>
/// Decides once, after the server has bound its addresses, whether the sandbox answers. With
/// <c>Sandbox:Enabled</c> unset it is on only when every address is loopback (<c>localhost</c>,
/// <c>127.0.0.0/8</c>, <c>[::1]</c>); a wildcard (<c>*</c>, <c>+</c>, <c>0.0.0.0</c>, <c>[::]</c>), a public
/// address, a Unix socket (usually behind a proxy) or no known address at all (an in-process
/// <c>TestServer</c>) keeps it off, so it fails closed. The postmortem pages follow the same rule, so a
/// <c>Web:PublicBaseUrl</c> whose links the rule would answer with 404 is logged as a warning at the same moment.
/// </summary>
internal sealed class SandboxGate(IServer server, IOptions<SandboxOptions> options, IOptions<WebOptions> web, ILogger<SandboxGate> logger)
{
    private readonly Lazy<SandboxAccess> _access = new(() =>
    {
        var access = Decide(server, options.Value, logger);
        WarnIfLinksAreClosed(access, web.Value, logger);
        return access;
    });

    public SandboxAccess Access => _access.Value;

    public bool Allows(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Answers(Access, request.Host.Host);
    }

    /// <summary>The sandbox's own paths: the page at <c>/</c> and everything under <c>/sandbox</c>.</summary>
    public static bool IsSandboxPath(PathString path) =>
        path == "/" || path.StartsWithSegments("/sandbox", StringComparison.OrdinalIgnoreCase);

    internal static bool ListensOnLoopbackOnly(IReadOnlyCollection<string> addresses) =>
        addresses.Count > 0 && addresses.All(IsLoopbackAddress);

    /// <summary>
    /// <c>http://localhost:5080</c>, <c>http://127.0.0.1:5080</c>, <c>https://[::1]:5443</c> are loopback;
    /// <c>http://*:80</c>, <c>http://+:80</c>, <c>http://0.0.0.0:80</c>, <c>http://[::]:80</c>, host names
    /// and <c>http://unix:/run/app.sock</c> are not.
    /// </summary>
    internal static bool IsLoopbackAddress(string address)
    {
        var schemeEnd = address.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd < 0)
        {
            return false;
        }

        var authority = address[(schemeEnd + 3)..];
        var pathStart = authority.IndexOf('/', StringComparison.Ordinal);
        if (pathStart >= 0)
        {
            authority = authority[..pathStart];
        }

        string host;
        if (authority.StartsWith('['))
        {
            var close = authority.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = authority[..(close + 1)];
        }
        else
        {
            var colon = authority.LastIndexOf(':');
            host = colon >= 0 ? authority[..colon] : authority;
        }

        return IsLoopbackHost(host);
    }

    internal static bool IsLoopbackHost(string host)
    {
        if (string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var ip) && IPAddress.IsLoopback(ip);
    }

    /// <summary>Whether a request addressed to <paramref name="host"/> is answered under <paramref name="access"/>.</summary>
    private static bool Answers(SandboxAccess access, string host) => access switch
    {
        SandboxAccess.Everywhere => true,
        SandboxAccess.Loopback => IsLoopbackHost(host),
        _ => false,
    };

    /// <summary>Chat messages link to pages under <c>Web:PublicBaseUrl</c>: a request to its host must be answered.</summary>
    private static void WarnIfLinksAreClosed(SandboxAccess access, WebOptions web, ILogger logger)
    {
        if (web.PublicBase is { } publicBase && !Answers(access, publicBase.Host))
        {
            SandboxLog.PublicLinksClosed(logger, publicBase.AbsoluteUri);
        }
    }

    private static SandboxAccess Decide(IServer server, SandboxOptions options, ILogger logger)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses.ToArray() ?? [];
        var listening = addresses.Length == 0 ? "no known address" : string.Join(", ", addresses);
        SandboxAccess access;
        if (options.Enabled is false)
        {
            access = SandboxAccess.Off;
            SandboxLog.TurnedOff(logger);
        }
        else if (options.Enabled is true)
        {
            access = SandboxAccess.Everywhere;
            if (!ListensOnLoopbackOnly(addresses))
            {
                SandboxLog.EnabledPublicly(logger, listening);
            }
        }
        else if (ListensOnLoopbackOnly(addresses))
        {
            access = SandboxAccess.Loopback;
        }
        else
        {
            access = SandboxAccess.Off;
            SandboxLog.OffBecausePublic(logger, listening);
        }

        if (access != SandboxAccess.Off)
        {
            SandboxLog.On(logger, listening);
        }

        return access;
    }
}
