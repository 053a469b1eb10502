using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Calls;

/// <summary>The ICE servers for one participant: the configured STUN servers, and the TURN servers with credentials of their own.</summary>
public sealed class IceServerIssuer(IOptions<IceOptions> options, TimeProvider time)
{
    /// <summary>Whether pages must relay all media through TURN.</summary>
    public bool RelayOnly => options.Value.RelayOnly;

    /// <summary>The servers for <paramref name="userId"/>, and when its TURN credentials expire (null without TURN).</summary>
    public (IReadOnlyList<IceServer> Servers, DateTimeOffset? ExpiresAt) For(string userId)
    {
        var ice = options.Value;
        var servers = new List<IceServer>();
        if (ice.StunUrls.Count > 0)
        {
            servers.Add(new IceServer(ice.StunUrls, null, null));
        }

        if (ice.TurnUrls.Count == 0)
        {
            return (servers, null);
        }

        var credential = TurnCredentials.Issue(ice.TurnSecret!, userId, time.GetUtcNow(), ice.TurnCredentialLifetime);
        servers.Add(new IceServer(ice.TurnUrls, credential.Username, credential.Password));
        return (servers, credential.ExpiresAt);
    }
}

/// <summary>Refuses to start with unusable <see cref="IceOptions"/>, saying what is wrong.</summary>
internal sealed class IceOptionsValidation : IValidateOptions<IceOptions>
{
    public ValidateOptionsResult Validate(string? name, IceOptions options) =>
        options.Problem() is { } problem ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;
}
