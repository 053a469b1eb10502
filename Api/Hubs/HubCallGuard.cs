using System.Collections.Concurrent;
using System.Globalization;
using System.Threading.RateLimiting;
using EmoteCare.Api.Security;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Hubs;

/// <summary>
/// Every hub call passes here: at most <see cref="LiveOptions.HubCallsPerSecond"/> per connection, refusals logged
/// through <see cref="RefusalLog"/> (once per window, no stack), anything unexpected logged as an error with its stack.
/// SignalR's own dispatcher would log every failed call as an error with its stack; its category is silenced
/// (see <see cref="LiveHubExtensions.AddLiveHub"/>), because this filter logs those calls already.
/// </summary>
internal sealed class HubCallGuard : IHubFilter, IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly RefusalLog _refusals;
    private readonly ILogger<HubCallGuard> _logger;
    private readonly int _callsPerSecond;

    public HubCallGuard(IOptions<LiveOptions> options, RefusalLog refusals, ILogger<HubCallGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _callsPerSecond = options.Value.HubCallsPerSecond;
        _refusals = refusals;
        _logger = logger;
        // Replenished by the partitioned limiter's own timer; idle connections' buckets are discarded by it.
        _limiter = PartitionedRateLimiter.Create<string, string>(connectionId => RateLimitPartition.GetTokenBucketLimiter(connectionId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = _callsPerSecond,
            TokensPerPeriod = _callsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = false,
        }));
    }

    public async ValueTask<object?> InvokeMethodAsync(HubInvocationContext invocationContext, Func<HubInvocationContext, ValueTask<object?>> next)
    {
        ArgumentNullException.ThrowIfNull(invocationContext);
        ArgumentNullException.ThrowIfNull(next);
        var caller = invocationContext.Context;
        var method = invocationContext.HubMethodName;
        using (var lease = _limiter.AttemptAcquire(caller.ConnectionId))
        {
            if (!lease.IsAcquired)
            {
                var refusal = new HubException(string.Create(CultureInfo.InvariantCulture, $"Too many hub calls: at most {_callsPerSecond} per second per connection. Slow down and try again in a second."));
                _refusals.Record(AccountOf(caller), method, refusal.Message);
                throw refusal;
            }
        }

        try
        {
            return await next(invocationContext);
        }
        catch (HubException refusal)
        {
            _refusals.Record(AccountOf(caller), method, refusal.Message);
            throw;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _logger.LogError(exception, "Hub method {Method} failed for account {AccountId}", method, AccountOf(caller));
            throw;
        }
    }

    public void Dispose() => _limiter.Dispose();

    private static string AccountOf(HubCallerContext caller) => AppUser.FromPrincipal(caller.User)?.Id ?? "(anonymous)";
}

/// <summary>
/// Logs refused hub calls once per <see cref="LiveOptions.RefusalLogWindow"/> per account, with how many were left out:
/// refusals are expected outcomes, and one caller repeating one must not fill the log.
/// </summary>
internal sealed class RefusalLog(IOptions<LiveOptions> options, TimeProvider time, ILogger<RefusalLog> logger)
{
    /// <summary>Accounts tracked before expired windows are swept out; bounds memory whatever the number of callers.</summary>
    private const int SweepAbove = 10_000;

    private readonly ConcurrentDictionary<string, Window> _windows = new(StringComparer.Ordinal);
    private readonly TimeSpan _length = options.Value.RefusalLogWindow;

    public void Record(string accountId, string method, string reason)
    {
        var now = time.GetTimestamp();
        var window = _windows.GetOrAdd(accountId, static _ => new Window());
        long leftOut;
        lock (window)
        {
            if (window.Start != 0 && time.GetElapsedTime(window.Start, now) < _length)
            {
                window.LeftOut++;
                return;
            }

            leftOut = window.LeftOut;
            window.Start = now;
            window.LeftOut = 0;
        }

        logger.LogInformation(
            "Refused hub call {Method} of account {AccountId}: {Reason} ({LeftOut} more refusals of this account in the window before were not logged; at most one is logged per {Window})",
            method, accountId, reason, leftOut, _length);
        if (_windows.Count > SweepAbove)
        {
            foreach (var (key, old) in _windows)
            {
                if (time.GetElapsedTime(Volatile.Read(ref old.Start), now) >= _length)
                {
                    _windows.TryRemove(new KeyValuePair<string, Window>(key, old));
                }
            }
        }
    }

    private sealed class Window
    {
        public long Start;
        public long LeftOut;
    }
}
