namespace EmoteCare.Api.Security;

/// <summary>Transport and browser hardening (configuration section <c>Security</c>).</summary>
public sealed class ApiSecurityOptions
{
    /// <summary>
    /// Origins other than the app's own (<c>https://host:port</c>, no path) that browsers may call the Api and open the
    /// live hub from, with credentials: CORS admits them, and <see cref="CrossSiteRequestGuard"/> lets their cookie
    /// requests and hub connections through. Empty by default: the web app is served by the Api itself, so its own
    /// origin is the only one.
    /// </summary>
    public IList<string> AllowedOrigins { get; } = [];

    /// <summary>Redirect http to https and mark cookies Secure. Off by default, for plain http on loopback.</summary>
    public bool HttpsRedirection { get; set; }

    /// <summary>Send Strict-Transport-Security on https responses. Off by default; turn on only where https is permanent.</summary>
    public bool Hsts { get; set; }

    /// <summary>The Content-Security-Policy of every response except the OpenAPI UI's.</summary>
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'self'; img-src 'self' data: blob:; media-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The largest request body Kestrel accepts anywhere, in bytes (hub traffic included).</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>The largest request body of a REST call under <c>/api</c>, in bytes; every one is a small JSON document.</summary>
    public long MaxApiRequestBodyBytes { get; set; } = 16 * 1024;
}
