using EmoteCare.Grains.Interfaces;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Utilities;

namespace EmoteCare.Grains;

/// <summary>
/// Fans an account's loss of access out to the nodes holding its hub connections. Its subscriptions expire after
/// <see cref="TherapySessionOptions.SubscriptionExpiry"/>, the expiry the nodes' relays already renew session
/// subscriptions against, so one renewal interval serves both.
/// </summary>
public sealed class AccountConnectionsGrain : Grain, IAccountConnectionsGrain
{
    private readonly ObserverManager<IAccountConnectionsObserver> _observers;

    /// <summary>Created by the runtime.</summary>
    public AccountConnectionsGrain(IOptions<TherapySessionOptions> options, TimeProvider time, ILogger<AccountConnectionsGrain> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _observers = new ObserverManager<IAccountConnectionsObserver>(options.Value.SubscriptionExpiry, logger)
        {
            GetDateTime = () => time.GetUtcNow().UtcDateTime,
        };
    }

    private string AccountId => this.GetPrimaryKeyString();

    /// <inheritdoc />
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GrainKeys.Validate(AccountId, "account");
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Subscribe(IAccountConnectionsObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Subscribe(observer, observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Unsubscribe(IAccountConnectionsObserver observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        _observers.Unsubscribe(observer);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task Revoke(AccessRevocation revocation)
    {
        ArgumentNullException.ThrowIfNull(revocation);
        if (revocation.AccountId != AccountId)
        {
            throw new ArgumentException($"A revocation for account {revocation.AccountId} reached the connections of account {AccountId}.", nameof(revocation));
        }

        if (revocation.Reason == AccessRevocationReason.Unassigned && string.IsNullOrEmpty(revocation.PatientId))
        {
            throw new ArgumentException("An unassignment names the patient whose sessions the account may no longer follow.", nameof(revocation));
        }

        if (revocation.Reason == AccessRevocationReason.SignInEnded && string.IsNullOrEmpty(revocation.GrantId))
        {
            throw new ArgumentException("An ended sign-in names the sign-in whose connections close; without it every connection of the account would stay open.", nameof(revocation));
        }

        _observers.Notify(observer => observer.OnAccessRevoked(revocation));
        return Task.CompletedTask;
    }
}
