using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Calls;

/// <summary>The ICE servers for one participant: the configured STUN servers, and the TURN servers with credentials of their own.</summary>
public sealed class IceServerIssuer(IOptions<IceOptions> options, TimeProvider time)
{
    /// <summary>The longest a page renews its TURN credentials before they expire: enough for a renewal that must wait for a hub reconnect.</summary>
    public static readonly TimeSpan MaxRenewalLead = TimeSpan.FromMinutes(15);

    /// <summary>Whether pages must relay all media through TURN.</summary>
    public bool RelayOnly => options.Value.RelayOnly;

    /// <summary>
    /// What <paramref name="userId"/>'s page needs for the call of <paramref name="sessionId"/>, on side
    /// <paramref name="role"/>: the servers, with TURN credentials issued now, when they expire and when to renew them.
    /// </summary>
    public CallJoin For(string sessionId, CallRole role, string userId)
    {
        var ice = options.Value;
        var servers = new List<IceServer>();
        if (ice.StunUrls.Count > 0)
        {
            servers.Add(new IceServer(ice.StunUrls, null, null));
        }

        if (ice.TurnUrls.Count == 0)
        {
            return new CallJoin(sessionId, role, servers, ice.RelayOnly, null, null);
        }

        var now = time.GetUtcNow();
        var credential = TurnCredentials.Issue(ice.TurnSecret!, userId, now, ice.TurnCredentialLifetime);
        servers.Add(new IceServer(ice.TurnUrls, credential.Username, credential.Password));
        return new CallJoin(sessionId, role, servers, ice.RelayOnly, credential.ExpiresAt.ToUnixTimeMilliseconds(), (long)RenewalDelay(credential.ExpiresAt - now).TotalMilliseconds);
    }

    /// <summary>
    /// How long after issue credentials valid for <paramref name="remaining"/> are renewed: a quarter of that before they
    /// expire, at most <see cref="MaxRenewalLead"/>. The TURN server refuses expired credentials for new allocations, so a
    /// call longer than their lifetime needs new ones, and an ICE restart that allocates with them, before then, or it
    /// could not recover from a network change.
    /// </summary>
    public static TimeSpan RenewalDelay(TimeSpan remaining)
    {
        if (remaining <= TimeSpan.Zero)
        {
            return TimeSpan.Zero;
        }

        var lead = remaining / 4;
        return remaining - (lead < MaxRenewalLead ? lead : MaxRenewalLead);
    }
}

/// <summary>Refuses to start with unusable <see cref="IceOptions"/>, saying what is wrong.</summary>
internal sealed class IceOptionsValidation : IValidateOptions<IceOptions>
{
    public ValidateOptionsResult Validate(string? name, IceOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
