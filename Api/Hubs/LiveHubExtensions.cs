using System.Text.Json;
using System.Text.Json.Serialization;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Inference;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Hubs;

/// <summary>Adds and maps the live session hub.</summary>
public static class LiveHubExtensions
{
    /// <summary>The hub's path.</summary>
    public const string SessionHubPath = AuthSchemes.HubPathPrefix + "/session";

    /// <summary>The support chat hub's path: patients chat, therapists' pages receive their inbox's alerts live.</summary>
    public const string ChatHubPath = AuthSchemes.HubPathPrefix + "/chat";

    private const string DispatcherLogCategory = "Microsoft.AspNetCore.SignalR.Internal.DefaultHubDispatcher";

    /// <summary>SignalR with room for a frame (base64 in JSON), the relay and the ingest counters. Enums travel as camelCase strings, as in REST.</summary>
    public static IServiceCollection AddLiveHub(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LiveOptions>()
            .Bind(configuration.GetSection("Live"))
            .Validate<IOptions<ApiRateLimitOptions>>(
                (live, limits) => live.CaptureFramesPerSecond >= 1 && live.CaptureFramesPerSecond <= limits.Value.FrameIngest.FramesPerSecond,
                "Live:CaptureFramesPerSecond must be at least 1 and at most RateLimits:FrameIngest:FramesPerSecond.")
            .Validate<IOptions<ApiRateLimitOptions>>(
                (live, limits) => live.HubCallsPerSecond >= limits.Value.FrameIngest.Burst,
                "Live:HubCallsPerSecond must be at least RateLimits:FrameIngest:Burst, so a client within the frame limit is never refused a call.")
            .Validate(live => live.MaxCaptureClockSkew > TimeSpan.Zero, "Live:MaxCaptureClockSkew must be positive.")
            .Validate(live => live.RefusalLogWindow > TimeSpan.Zero, "Live:RefusalLogWindow must be positive.")
            .ValidateOnStart();
        var maxFrameBytes = (configuration.GetSection("Inference").Get<FrameDispatcherOptions>() ?? new FrameDispatcherOptions()).MaxFrameBytes;
        services.AddSignalR(hub =>
            {
                // Room for a frame of twice the limit in base64 (a third larger) plus the invocation's envelope, so an
                // oversize frame reaches SendFrame to be dropped and counted; only far larger messages close the connection.
                hub.MaximumReceiveMessageSize = (maxFrameBytes * 2 * 4 / 3) + 4096;
                hub.EnableDetailedErrors = false;
                hub.AddFilter<HubCallGuard>();
            })
            .AddJsonProtocol(json => json.PayloadSerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase)));
        // The dispatcher logs every failed hub call as an error with its stack, so 2,000 refused calls wrote 2,000 stacks.
        // HubCallGuard logs those calls instead: refusals once per window without a stack, anything unexpected as an
        // error with it. What else the dispatcher logs is callers' malformed invocations, as floodable as refusals.
        services.AddLogging(logging => logging.AddFilter(DispatcherLogCategory, LogLevel.None));
        services.AddSingleton<LiveMetrics>();
        services.AddSingleton<LiveConnections>();
        services.AddSingleton<RefusalLog>();
        services.AddSingleton<HubCallGuard>();
        services.AddSingleton<InsightRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<InsightRelay>());
        services.AddSingleton<TherapistAlertRelay>();
        services.AddHostedService(sp => sp.GetRequiredService<TherapistAlertRelay>());
        return services;
    }

    /// <summary>Maps the hub at <see cref="SessionHubPath"/>.</summary>
    public static WebApplication MapLiveHub(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // A connection whose cookie or token expires closes, as its credentials would stop working anywhere else.
        app.MapHub<SessionHub>(SessionHubPath, connection => connection.CloseOnAuthenticationExpiration = true);
        app.MapHub<ChatHub>(ChatHubPath, connection => connection.CloseOnAuthenticationExpiration = true);
        return app;
    }
}
