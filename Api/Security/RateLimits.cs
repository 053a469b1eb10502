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

    /// <summary>Frames per session, counted by the hub (<see cref="FrameIngestLimiter"/>): frames arrive only there.</summary>
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

    /// <summary>
    /// Registers the sign-in policy and the hub's frame limiter, and answers refusals with 429 problem details and a
    /// Retry-After of the seconds really left.
    /// </summary>
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
                    http.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
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
                var time = http.RequestServices.GetRequiredService<TimeProvider>();
                return RateLimitPartition.Get(ClientAddress(http), _ => new FixedWindowLimiter(options.PermitLimit, options.Window, time));
            });
        });
    }

    private static string ClientAddress(HttpContext http) => (http.Connection.RemoteIpAddress ?? IPAddress.None).ToString();
}

/// <summary>
/// The one frame limit, per session. Frames arrive only as hub messages, which HTTP rate limiting never sees once a
/// WebSocket is open: the hub asks <see cref="TryAcquire"/> per frame and drops (and counts) the frame when it answers
/// false. Idle partitions are discarded by the limiter itself.
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
    private static TokenBucketRateLimiterOptions Bucket(FrameIngestRateLimit settings) => new()
    {
        TokenLimit = settings.Burst,
        TokensPerPeriod = settings.FramesPerSecond,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1),
        QueueLimit = 0,
        AutoReplenishment = false,
    };
}

/// <summary>
/// A fixed window of permits that starts with the first request after the previous window ended, and tells a refused
/// caller how long is really left: <see cref="FixedWindowRateLimiter"/> reports its whole window as Retry-After. No queue,
/// no timer: the window rolls over when a request arrives after it.
/// </summary>
internal sealed class FixedWindowLimiter(int permitLimit, TimeSpan window, TimeProvider time) : RateLimiter
{
    private static readonly RateLimitLease Acquired = new Lease(null);
    private readonly Lock _lock = new();
    private DateTimeOffset _windowEnd = time.GetUtcNow();
    private int _used;

    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_lock)
            {
                var now = time.GetUtcNow();
                return now >= _windowEnd ? now - _windowEnd : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_lock)
        {
            return new RateLimiterStatistics { CurrentAvailablePermits = time.GetUtcNow() >= _windowEnd ? permitLimit : permitLimit - _used };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(permitCount);
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (now >= _windowEnd)
            {
                _windowEnd = now + window;
                _used = 0;
            }

            if (_used + permitCount <= permitLimit && (permitCount > 0 || _used < permitLimit))
            {
                _used += permitCount;
                return Acquired;
            }

            return new Lease(_windowEnd - now);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));

    /// <summary>Granted when <paramref name="retryAfter"/> is null; refused, with the time left in the window, otherwise.</summary>
    private sealed class Lease(TimeSpan? retryAfter) : RateLimitLease
    {
        public override bool IsAcquired => retryAfter is null;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = retryAfter is { } left && metadataName == MetadataName.RetryAfter.Name ? left : null;
            return metadata is not null;
        }
    }
}
