using EmoteCare.Api.Accounts;

namespace EmoteCare.Api.Endpoints;

/// <summary>The REST surface under <see cref="Prefix"/>.</summary>
internal static class ApiRoutes
{
    public const string Prefix = "/api";

    /// <summary>Maps every REST endpoint under one group that validates ids and bodies before any handler runs.</summary>
    public static RouteGroupBuilder MapApiEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).AddEndpointFilter<ValidationFilter>().ProducesValidationProblem();
        api.MapAuthEndpoints();
        api.MapPatientEndpoints();
        api.MapTherapistEndpoints();
        api.MapAccountEndpoints();
        api.MapAssignmentEndpoints();
        api.MapSessionEndpoints();
        api.MapAlertEndpoints();
        api.MapAuditEndpoints();
        api.MapResourceEndpoints();
        api.MapAllocationEndpoints();
        api.MapChatEndpoints();
        return api;
    }
}

/// <summary>One page of a list, and the cursor for the next (null on the last page).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);

/// <summary>Paging of account lists: ids after <c>after</c>, at most <c>limit</c> (1–200, default 50).</summary>
public sealed record PageQuery(string? After, int? Limit) : IValidatable
{
    public const int MaxLimit = 200;

    public int Take => Limit ?? 50;

    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.OptionalId("after", After);
        errors.Limit("limit", Limit, MaxLimit);
    }

    /// <summary>A page whose cursor is the last item's id when the page is full.</summary>
    public Page<T> PageOf<T>(IReadOnlyList<T> items, Func<T, string> id) =>
        new(items, items.Count == Take && items.Count > 0 ? id(items[^1]) : null);
}

/// <summary>A new patient or therapist, with the only copy of its initial password.</summary>
/// <param name="Id">The account id (also the grain key).</param>
/// <param name="Email">The sign-in email.</param>
/// <param name="DisplayName">The therapist's name or patient's pseudonym.</param>
/// <param name="Role">The account's role.</param>
/// <param name="CreatedAt">When.</param>
/// <param name="InitialPassword">Shown this once; hand it to the person, who should change it (<c>PUT /api/me/password</c>).</param>
public sealed record CreatedAccountResponse(string Id, string Email, string DisplayName, Role Role, DateTimeOffset CreatedAt, string InitialPassword)
{
    /// <summary>Leaves the password out, should the record ever reach a log line.</summary>
    public override string ToString() => $"{nameof(CreatedAccountResponse)} {Id}";

    public static CreatedAccountResponse From(CreatedAccount created)
    {
        ArgumentNullException.ThrowIfNull(created);
        var account = created.Account;
        return new(account.Id, account.Email, account.DisplayName, account.Role, account.CreatedAt, created.InitialPassword);
    }
}
