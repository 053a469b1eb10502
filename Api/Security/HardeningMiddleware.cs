using EmoteCare.Api.Endpoints;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Security;

/// <summary>Browser hardening headers on every response, errors and rate-limit refusals included.</summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next, IOptions<ApiSecurityOptions> options)
{
    /// <summary>Where the OpenAPI UI is served; its bundled scripts set inline styles and use data: images.</summary>
    public const string OpenApiUiPath = "/swagger";

    /// <summary>Where admins find the Orleans dashboard; its bundled page has the same needs as the OpenAPI UI.</summary>
    public const string DashboardPath = "/dashboard";

    private const string OpenApiUiPolicy =
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        // Set when the response starts: the exception handler clears headers set before it runs.
        context.Response.OnStarting(static state =>
        {
            var (context, policy) = ((HttpContext, string))state;
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            // The call page sends camera and microphone to the other participant; nothing else on the site may use them.
            headers["Permissions-Policy"] = "camera=(self), microphone=(self), geolocation=(), payment=()";
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments(OpenApiUiPath) || context.Request.Path.StartsWithSegments(DashboardPath) ? OpenApiUiPolicy : policy;
            if (context.Request.Path.StartsWithSegments(ApiRoutes.Prefix))
            {
                // Answers carry patient data and credentials; no cache along the way may keep them.
                headers.CacheControl = "no-store";
            }

            return Task.CompletedTask;
        }, (context, options.Value.ContentSecurityPolicy));
        return next(context);
    }
}

/// <summary>
/// Caps REST request bodies well below Kestrel's global limit, which hub traffic needs. A declared length over the cap is
/// refused at once; a chunked body is cut off by the server when it passes the cap.
/// </summary>
internal sealed class ApiRequestBodyLimitMiddleware(RequestDelegate next, IOptions<ApiSecurityOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.Path.StartsWithSegments(ApiRoutes.Prefix))
        {
            var limit = options.Value.MaxApiRequestBodyBytes;
            if (context.Request.ContentLength > limit)
            {
                await Results.Problem(
                    statusCode: StatusCodes.Status413PayloadTooLarge,
                    title: "Request body too large",
                    detail: $"A request body under {ApiRoutes.Prefix} has at most {limit} bytes.").ExecuteAsync(context);
                return;
            }

            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
            {
                feature.MaxRequestBodySize = limit;
            }
        }

        await next(context);
    }
}
