using EmoteCare.Grains.Interfaces;
using Orleans;

namespace EmoteCare.Api.Security;

/// <summary>
/// Takes live access away across the cluster once the change behind it is committed: the account's
/// <see cref="IAccountConnectionsGrain"/> tells every node holding one of its hub connections, and each ends the feeds
/// or connections concerned (see <c>InsightRelay</c>). REST needs nothing of this: every request checks access afresh.
/// </summary>
public sealed class AccessRevocations(IGrainFactory grains, ILogger<AccessRevocations> logger)
{
    /// <summary>Tries twice; a failure is logged, not thrown, because the change it follows has already been committed.</summary>
    public async Task RevokeAsync(AccessRevocation revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await grains.GetGrain<IAccountConnectionsGrain>(revocation.AccountId).Revoke(revocation);
                return;
            }
            catch (Exception exception) when (attempt < 2)
            {
                logger.LogWarning(exception, "Ending live access of account {AccountId} ({Reason}) failed; trying again", revocation.AccountId, revocation.Reason);
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "Ending live access of account {AccountId} ({Reason}) failed: its open hub connections keep what they follow until they close", revocation.AccountId, revocation.Reason);
                return;
            }
        }
    }
}
