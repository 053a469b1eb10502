using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Tests;

[Collection(ClusterCollection.Name)]
public sealed class AccountConnectionsGrainTests(ClusterFixture fixture)
{
    [Fact]
    public async Task An_ended_sign_in_without_its_grant_is_refused_rather_than_closing_nothing()
    {
        var accountId = Keys.Unique("account");
        var connections = fixture.GrainFactory.GetGrain<IAccountConnectionsGrain>(accountId);

        var refused = await Assert.ThrowsAsync<ArgumentException>(() => connections.Revoke(new AccessRevocation(accountId, AccessRevocationReason.SignInEnded, null)));
        await connections.Revoke(new AccessRevocation(accountId, AccessRevocationReason.SignInEnded, null, "grant-1"));

        Assert.Contains("names the sign-in", refused.Message, StringComparison.Ordinal);
    }
}
