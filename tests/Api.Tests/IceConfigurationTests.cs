using EmoteCare.Api.Calls;
using EmoteCare.Api.Hubs;
using EmoteCare.Api.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EmoteCare.Api.Tests;

/// <summary>TURN credentials in coturn's use-auth-secret scheme, and the ICE settings checked at start.</summary>
public sealed class IceConfigurationTests
{
    [Fact]
    public void Turn_credentials_follow_the_turn_rest_api_scheme()
    {
        // Expected password from an independent implementation:
        // python3 -c "import hmac,hashlib,base64; print(base64.b64encode(hmac.new(b'north-wind-secret-2026', b'1767225600:p-123', hashlib.sha1).digest()).decode())"
        var credential = TurnCredentials.Issue("north-wind-secret-2026", "p-123", new DateTimeOffset(2025, 12, 31, 23, 0, 0, 400, TimeSpan.Zero), TimeSpan.FromHours(1));

        Assert.Equal("1767225600:p-123", credential.Username);
        Assert.Equal("ZRGXr1Qp+bAtg0w8JH1ttzeI2Dg=", credential.Password);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), credential.ExpiresAt);
    }

    [Fact]
    public void Credentials_are_renewed_a_quarter_of_their_lifetime_before_they_expire_and_never_more_than_fifteen_minutes_before()
    {
        Assert.Equal(TimeSpan.FromSeconds(30), IceServerIssuer.RenewalDelay(TimeSpan.FromSeconds(40)));
        Assert.Equal(TimeSpan.FromMinutes(45), IceServerIssuer.RenewalDelay(TimeSpan.FromHours(1)));
        Assert.Equal(TimeSpan.FromHours(4) - IceServerIssuer.MaxRenewalLead, IceServerIssuer.RenewalDelay(TimeSpan.FromHours(4)));
        Assert.Equal(TimeSpan.Zero, IceServerIssuer.RenewalDelay(TimeSpan.FromSeconds(-5)));
    }

    [Fact]
    public void Unusable_ice_settings_are_named()
    {
        var secret = new string('s', IceOptions.MinTurnSecretLength);

        Assert.Null(new IceOptions().Problem());
        Assert.Null(new IceOptions { StunUrls = ["stun:stun.example.org:3478"], TurnUrls = ["turns:turn.example.org:5349"], TurnSecret = secret, RelayOnly = true }.Problem());
        Assert.Equal("Live:Ice:StunUrls holds 'http://stun.example.org', which is no stun: or stuns: URL.", new IceOptions { StunUrls = ["http://stun.example.org"] }.Problem());
        Assert.Equal("Live:Ice:TurnUrls holds 'stun:x', which is no turn: or turns: URL.", new IceOptions { TurnUrls = ["stun:x"], TurnSecret = secret }.Problem());
        Assert.StartsWith("Live:Ice:TurnUrls needs Live:Ice:TurnSecret", new IceOptions { TurnUrls = ["turn:x"], TurnSecret = "short" }.Problem(), StringComparison.Ordinal);
        Assert.Equal("Live:Ice:RelayOnly needs a TURN server in Live:Ice:TurnUrls.", new IceOptions { RelayOnly = true }.Problem());
        Assert.Equal("Live:Ice:TurnCredentialLifetime must be positive.", new IceOptions { TurnCredentialLifetime = TimeSpan.Zero }.Problem());
    }

    [Fact]
    public void The_api_refuses_to_start_with_a_turn_server_but_no_secret_and_binds_the_section()
    {
        using var refused = Services(new() { ["Live:Ice:TurnUrls:0"] = "turn:turn.example.org:3478" });
        using var bound = Services(new() { ["Live:Ice:TurnUrls:0"] = "turn:turn.example.org:3478", ["Live:Ice:TurnSecret"] = new string('s', 20), ["Live:Ice:RelayOnly"] = "true" });

        var error = Assert.Throws<OptionsValidationException>(() => refused.GetRequiredService<IStartupValidator>().Validate());
        bound.GetRequiredService<IStartupValidator>().Validate();

        Assert.Contains("Live:Ice:TurnUrls needs Live:Ice:TurnSecret", error.Message, StringComparison.Ordinal);
        Assert.True(bound.GetRequiredService<IceServerIssuer>().RelayOnly);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddSingleton(TimeProvider.System).AddApiRateLimits(configuration).AddLiveHub(configuration).BuildServiceProvider();
    }
}
