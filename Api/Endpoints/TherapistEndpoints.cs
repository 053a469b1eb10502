using EmoteCare.Api.Accounts;
using EmoteCare.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmoteCare.Api.Endpoints;

/// <summary>Therapist accounts (admins only).</summary>
internal static class TherapistEndpoints
{
    public static void MapTherapistEndpoints(this RouteGroupBuilder api)
    {
        var therapists = api.MapGroup("").WithTags("Therapists").RequireAuthorization(AuthorizationPolicies.Admin);
        therapists.MapPost("/therapists", Create)
            .WithSummary("Creates a therapist account and profile. The response holds the only copy of the initial password.");
        therapists.MapGet("/therapists", List).WithSummary("Lists therapists.");
    }

    private static async Task<Results<Created<CreatedAccountResponse>, ProblemHttpResult>> Create(CreateTherapistRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var created = await accounts.CreateAsync(Role.Therapist, request.Email, request.DisplayName, cancellationToken);
        return created is null
            ? Problems.Conflict("An account with this email exists.")
            : TypedResults.Created($"{ApiRoutes.Prefix}/therapists/{created.Account.Id}", CreatedAccountResponse.From(created));
    }

    private static async Task<Ok<Page<TherapistResponse>>> List([AsParameters] PageQuery page, AccountStore accounts, CancellationToken cancellationToken)
    {
        var therapists = await accounts.ListAsync(Role.Therapist, page.After, page.Take, cancellationToken);
        return TypedResults.Ok(page.PageOf<TherapistResponse>([.. therapists.Select(TherapistResponse.From)], t => t.Id));
    }
}

/// <summary>A new therapist: their sign-in email and the name patients see.</summary>
public sealed record CreateTherapistRequest(string Email, string DisplayName) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Add("email", InputRules.Email(Email));
        errors.Add("displayName", InputRules.Name(DisplayName));
    }
}

/// <summary>A therapist account, and whether an admin disabled it.</summary>
public sealed record TherapistResponse(string Id, string Email, string DisplayName, DateTimeOffset CreatedAt, bool Disabled)
{
    public static TherapistResponse From(Account therapist)
    {
        ArgumentNullException.ThrowIfNull(therapist);
        return new(therapist.Id, therapist.Email, therapist.DisplayName, therapist.CreatedAt, therapist.IsDisabled);
    }
}
