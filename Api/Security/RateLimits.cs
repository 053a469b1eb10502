using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Security;

/// <summary>Limits per client (configuration section <c>RateLimits</c>).</summary>
public sealed class ApiRateLimitOptions
{
    /// <summary>Sign-in, token and refresh requests per client IP address.</summary>
    public SignInRateLimit SignIn { get; set; } = new();

    /// <summary>Frames per session (in the hub) or requests per user (over HTTP).</summary>
    public FrameIngestRateLimit FrameIngest { get; set; } = new();
}

/// <summary>A fixed window of sign-in attempts per IP address; lockout protects each account on top of it.</summary>
public sealed class SignInRateLimit
{
    /// <summary>Attempts per window.</summary>
    public int PermitLimit { get; set; } = 10;

    /// <summary>The window.</summary>
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>A token bucket: a steady rate with a short burst on top, for a patient's webcam frames.</summary>
public sealed class FrameIngestRateLimit
{
    /// <summary>Sustained frames per second.</summary>
    public int FramesPerSecond { get; set; } = 5;

    /// <summary>Frames that may arrive at once after a pause.</summary>
    public int Burst { get; set; } = 10;
}

/// <summary>Names of the rate-limiting policies, for <c>RequireRateLimiting(...)</c>.</summary>
public static class RateLimitPolicies
{
    /// <summary>Sign-in, token and refresh: a fixed window per client IP address.</summary>
    public const string SignIn = "sign-in";

    /// <summary>Frame ingest over HTTP (a hub's negotiate and long-polling sends): a token bucket per signed-in user.</summary>
    public const string FrameIngest = "frame-ingest";

    /// <summary>Registers both policies and answers refusals with 429 problem details and Retry-After.</summary>
    public static IServiceCollection AddApiRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ApiRateLimitOptions>(configuration.GetSection("RateLimits"));
        services.AddSingleton<FrameIngestLimiter>();
        return services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var http = context.HttpContext;
                if (context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter))
                {
                    http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                }

                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = "Slow down and try again later.",
                    },
                });
            };
            limiter.AddPolicy(SignIn, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value.SignIn;
                return RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.PermitLimit,
                    Window = options.Window,
                    QueueLimit = 0,
                    AutoReplenishment = false,
                });
            });
            limiter.AddPolicy(FrameIngest, http =>
            {
                var options = http.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value.FrameIngest;
                var key = AppUser.FromPrincipal(http.User)?.Id ?? ClientAddress(http);
                return RateLimitPartition.GetTokenBucketLimiter(key, _ => FrameIngestLimiter.Bucket(options));
            });
        });
    }

    private static string ClientAddress(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
}

/// <summary>
/// The frame-ingest limit for single messages, which HTTP rate limiting never sees once a WebSocket is open: the hub asks
/// <see cref="TryAcquire"/> per frame and drops (and counts) the frame when it answers false. Idle partitions are
/// discarded by the limiter itself.
/// </summary>
public sealed class FrameIngestLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;

    /// <summary>Created by dependency injection from <see cref="ApiRateLimitOptions.FrameIngest"/>.</summary>
    public FrameIngestLimiter(IOptions<ApiRateLimitOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value.FrameIngest;
        _limiter = PartitionedRateLimiter.Create<string, string>(sessionId => RateLimitPartition.GetTokenBucketLimiter(sessionId, _ => Bucket(settings)));
    }

    /// <summary>Takes one frame's permit for the session; false when the session is over its rate.</summary>
    public bool TryAcquire(string sessionId)
    {
        using var lease = _limiter.AttemptAcquire(sessionId);
        return lease.IsAcquired;
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();

    // Replenished by the partitioned limiter's own timer, not one timer per bucket.
    internal static TokenBucketRateLimiterOptions Bucket(FrameIngestRateLimit settings) => new()
    {
        TokenLimit = settings.Burst,
        TokensPerPeriod = settings.FramesPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = false,
    };
}
