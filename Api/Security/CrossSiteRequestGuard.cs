using EmoteCare.Api.Endpoints;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Security;

/// <summary>
/// Refuses requests that a page of another origin makes a browser send with the sign-in cookie. SameSite does not stop
/// them when that page is on the same site (another port of the same host, a sibling subdomain), so the browser's own
/// account of where a request comes from decides: <c>Origin</c>, or failing that <c>Sec-Fetch-Site</c>. Allowed are the
/// app's own origin and <see cref="ApiSecurityOptions.AllowedOrigins"/>, the list CORS uses too.
/// <list type="bullet">
/// <item>The live hub (negotiation, WebSocket, server-sent events and long polling alike): a request that names a foreign origin is refused, whoever signs it.</item>
/// <item>A state-changing REST call that is not signed with a bearer token and comes from a browser (it carries cookies, an
/// <c>Origin</c> or <c>Sec-Fetch-Site</c>), sign-in included: it must come from an allowed origin and carry
/// <see cref="AppHeader"/>, which no form can send and no other origin can add without CORS allowing it.</item>
/// </list>
/// Bearer tokens are never sent by a browser on its own, so requests signed with one pass, as do programmatic clients
/// that send neither cookies nor browser headers.
/// </summary>
internal sealed class CrossSiteRequestGuard(RequestDelegate next, IOptions<ApiSecurityOptions> options)
{
    /// <summary>The header the browser app sends with every call (and SignalR's client with its own).</summary>
    public const string AppHeader = "X-Requested-With";

    public async Task InvokeAsync(HttpContext context)
    {
        if (Refusal(context.Request, options.Value.AllowedOrigins) is { } detail)
        {
            await Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused", detail: detail).ExecuteAsync(context);
            return;
        }

        await next(context);
    }

    /// <summary>Why the request is refused; null when it may go on.</summary>
    internal static string? Refusal(HttpRequest request, IList<string> allowedOrigins)
    {
        if (request.Path.StartsWithSegments(AuthSchemes.HubPathPrefix))
        {
            return FromAllowedOrigin(request, allowedOrigins)
                ? null
                : "The live hub accepts connections only from the app's own origin and the origins in Security:AllowedOrigins.";
        }

        if (!request.Path.StartsWithSegments(ApiRoutes.Prefix)
            || HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method) || HttpMethods.IsTrace(request.Method)
            || AuthenticationSetup.CarriesBearerToken(request)
            || !(request.Headers.Cookie.Count > 0 || request.Headers.Origin.Count > 0 || request.Headers.ContainsKey(SecFetchSite)))
        {
            return null;
        }

        if (!FromAllowedOrigin(request, allowedOrigins))
        {
            return "This request came from a page of another origin. Signed in with a cookie, the Api takes changes only from the app's own origin and the origins in Security:AllowedOrigins.";
        }

        return string.IsNullOrEmpty(request.Headers[AppHeader])
            ? $"A browser's request that changes something carries the {AppHeader} header, as the app's pages send it; sign in with a bearer token to call the Api from elsewhere."
            : null;
    }

    private const string SecFetchSite = "Sec-Fetch-Site";

    /// <summary>
    /// Whether the browser says the request comes from an allowed origin. <c>Origin</c> decides when present; otherwise
    /// <c>Sec-Fetch-Site</c> (same-origin, or none for what the user typed); a client that sends neither is no browser page.
    /// </summary>
    private static bool FromAllowedOrigin(HttpRequest request, IList<string> allowedOrigins)
    {
        if (request.Headers.Origin is [{ } origin])
        {
            return string.Equals(origin, $"{request.Scheme}://{request.Host}", StringComparison.OrdinalIgnoreCase)
                || allowedOrigins.Any(allowed => string.Equals(origin, allowed.TrimEnd('/'), StringComparison.OrdinalIgnoreCase));
        }

        var site = request.Headers[SecFetchSite];
        return request.Headers.Origin.Count == 0 && (site.Count == 0 || site is ["same-origin" or "none"]);
    }
}
