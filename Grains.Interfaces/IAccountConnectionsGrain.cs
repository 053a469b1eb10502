using Orleans.Concurrency;

namespace EmoteCare.Grains.Interfaces;

/// <summary>Why an account lost (part of) its live access.</summary>
[GenerateSerializer, Alias("emotecare.AccessRevocationReason")]
public enum AccessRevocationReason
{
    /// <summary>The patient is no longer assigned to this therapist: their sessions' live feeds end.</summary>
    Unassigned,

    /// <summary>The account's password was changed or reset: every credential issued before ends, and so do its connections.</summary>
    CredentialsChanged,

    /// <summary>An admin disabled the account: every credential of it ends, and so do its connections.</summary>
    AccountDisabled,

    /// <summary>
    /// One sign-in of the account ended (logout, or a refresh token presented twice): the credentials that carry it end,
    /// and so do the connections opened with them; the account's other sign-ins go on.
    /// </summary>
    SignInEnded,
}

/// <summary>An account's loss of live access, as the nodes holding its connections hear it.</summary>
/// <param name="AccountId">The account.</param>
/// <param name="Reason">Why.</param>
/// <param name="PatientId">With <see cref="AccessRevocationReason.Unassigned"/>, the patient whose sessions the account may no longer follow; else null.</param>
/// <param name="GrantId">With <see cref="AccessRevocationReason.SignInEnded"/>, the sign-in whose connections close; else null.</param>
[GenerateSerializer, Immutable, Alias("emotecare.AccessRevocation")]
public sealed record AccessRevocation([Id(0)] string AccountId, [Id(1)] AccessRevocationReason Reason, [Id(2)] string? PatientId, [Id(3)] string? GrantId = null);

/// <summary>
/// The live hub connections of one account across the cluster (key: account id). Every node that holds a connection of
/// the account subscribes; taking access away tells them all at once, so a feed ends on whichever node serves it. Holds
/// nothing but its subscribers: nodes renew their subscriptions, so a reactivation loses nothing that matters for long.
/// </summary>
[Alias("emotecare.IAccountConnectionsGrain")]
public interface IAccountConnectionsGrain : IGrainWithStringKey
{
    /// <summary>Subscribes a node's observer, or renews its subscription; subscriptions expire unless renewed.</summary>
    [Alias("Subscribe")]
    Task Subscribe(IAccountConnectionsObserver observer);

    /// <summary>Ends a node's subscription; an unknown observer is ignored.</summary>
    [Alias("Unsubscribe")]
    Task Unsubscribe(IAccountConnectionsObserver observer);

    /// <summary>Tells every subscribed node that the account lost access; returns once the notifications are sent.</summary>
    /// <exception cref="ArgumentException">
    /// The revocation names another account, <see cref="AccessRevocationReason.Unassigned"/> comes without a patient, or
    /// <see cref="AccessRevocationReason.SignInEnded"/> without a sign-in.
    /// </exception>
    [Alias("Revoke")]
    Task Revoke(AccessRevocation revocation);
}

/// <summary>A node's side of <see cref="IAccountConnectionsGrain"/>: it ends the account's feeds or connections it serves.</summary>
[Alias("emotecare.IAccountConnectionsObserver")]
public interface IAccountConnectionsObserver : IGrainObserver
{
    /// <summary>The account lost access; best-effort, like every observer call.</summary>
    [OneWay]
    [Alias("OnAccessRevoked")]
    void OnAccessRevoked(AccessRevocation revocation);
}
