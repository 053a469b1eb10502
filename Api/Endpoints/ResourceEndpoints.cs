using EmoteCare.Api.Accounts;
using EmoteCare.Api.Audit;
using EmoteCare.Api.Security;
using EmoteCare.Grains.Interfaces;
using EmoteCare.Grains.Resources;
using Microsoft.AspNetCore.Http.HttpResults;
using Orleans;

namespace EmoteCare.Api.Endpoints;

/// <summary>
/// The resource library: the team's articles and exercises for every signed-in account, therapists' own additions, and
/// the resources a therapist assigns to their patients. A therapist's addition is visible to its author and to the
/// patients it is assigned to; to anyone else it does not exist.
/// </summary>
internal static class ResourceEndpoints
{
    public static void MapResourceEndpoints(this RouteGroupBuilder api)
    {
        var resources = api.MapGroup("").WithTags("Resources");
        resources.MapGet("/resources", Search).RequireAuthorization()
            .WithSummary("Searches the library by words (title, summary, tags, body), emotion and concern, best first; therapists also find their own additions.");
        resources.MapGet("/resources/concerns", Concerns).RequireAuthorization()
            .WithSummary("The concern tags resources carry and searches filter by.");
        resources.MapGet("/resources/{id}", Get).RequireAuthorization()
            .WithSummary("One resource with its sanitised HTML: authored ones for everyone, an added one for its author and the patients it is assigned to.");
        resources.MapPost("/resources", Add).RequireAuthorization(AuthorizationPolicies.Therapist)
            .WithSummary("Adds a therapist's resource in Markdown; raw HTML, scripts and unsafe links are removed when it is rendered.");
        resources.MapGet("/patients/{patientId}/resources", ListAssigned).RequireAuthorization(AuthorizationPolicies.SessionParticipant)
            .WithSummary("The resources assigned to the patient, newest first, with when each was used: for the patient and their therapist (audited).");
        resources.MapPut("/patients/{patientId}/resources/{id}", Assign).RequireAuthorization(AuthorizationPolicies.Therapist)
            .WithSummary("Assigns a resource to one of the therapist's patients (audited).");
        resources.MapDelete("/patients/{patientId}/resources/{id}", Unassign).RequireAuthorization(AuthorizationPolicies.Therapist)
            .WithSummary("Takes an assigned resource back (audited).");
        resources.MapPost("/patients/{patientId}/resources/{id}/used", MarkUsed).RequireAuthorization(AuthorizationPolicies.Patient)
            .WithSummary("The patient marks an assigned resource used; their therapist sees when.");
    }

    private static async Task<Ok<IReadOnlyList<ResourceInfo>>> Search([AsParameters] ResourceQuery query, [AsParameters] ResourceServices services) =>
        TypedResults.Ok(await services.Library.Search(query.ToSearch(services.User)));

    private static Ok<IReadOnlyList<string>> Concerns() => TypedResults.Ok<IReadOnlyList<string>>([.. ResourceConcerns.All.Order(StringComparer.Ordinal)]);

    private static async Task<Results<Ok<ResourceDocument>, ProblemHttpResult>> Get([AsParameters] ResourceRoute route, [AsParameters] ResourceServices services)
    {
        var document = await services.Library.Get(route.Id);
        return document is not null && await CanReadAsync(services, document.Info)
            ? TypedResults.Ok(document)
            : NoSuchResource;
    }

    private static async Task<Results<Created<ResourceInfo>, ProblemHttpResult>> Add(AddResourceRequest request, [AsParameters] ResourceServices services)
    {
        try
        {
            var added = await services.Library.Add(services.User.Id, request.ToNewResource());
            return TypedResults.Created($"{ApiRoutes.Prefix}/resources/{added.Id}", added);
        }
        catch (InvalidOperationException)
        {
            return Problems.Conflict($"The library holds {ResourceLimits.MaxAddedResources} added resources, its limit.");
        }
    }

    private static async Task<Results<Ok<IReadOnlyList<AssignedResourceResponse>>, ProblemHttpResult>> ListAssigned(string patientId, [AsParameters] ResourceServices services)
    {
        if (!await services.Access.CanReadPatientInsightsAsync(services.User, patientId, services.CancellationToken))
        {
            return Problems.NotYourPatient;
        }

        var assigned = await services.Grains.GetGrain<IPatientResourcesGrain>(patientId).GetAssigned();
        await services.Audit.RecordReadAsync(services.User, AuditActions.PatientResourcesRead, patientId, null, $"{assigned.Count} resources", services.CancellationToken);
        var described = (await services.Library.Describe([.. assigned.Select(a => a.ResourceId)])).ToDictionary(r => r.Id, StringComparer.Ordinal);
        return TypedResults.Ok<IReadOnlyList<AssignedResourceResponse>>(
            [.. assigned.Where(a => described.ContainsKey(a.ResourceId)).Select(a => new AssignedResourceResponse(described[a.ResourceId], a.AssignedBy, a.AssignedAt, a.UsedAt))]);
    }

    private static async Task<Results<Ok<ResourceAssignment>, ProblemHttpResult>> Assign(string patientId, [AsParameters] ResourceRoute route, [AsParameters] ResourceServices services)
    {
        if (!await services.Access.CanAssignResourcesAsync(services.User, patientId, services.CancellationToken))
        {
            return Problems.NotYourPatient;
        }

        var resource = (await services.Library.Describe([route.Id])).SingleOrDefault();
        if (resource is null || !await CanReadAsync(services, resource))
        {
            return NoSuchResource;
        }

        await services.Audit.RecordAsync(services.User, AuditActions.ResourceAssigned, patientId, null, route.Id, services.CancellationToken);
        try
        {
            return TypedResults.Ok(await services.Grains.GetGrain<IPatientResourcesGrain>(patientId).Assign(route.Id, services.User.Id));
        }
        catch (InvalidOperationException)
        {
            return Problems.Conflict($"The patient has {ResourceLimits.MaxAssignedPerPatient} resources assigned, the limit; take one back first.");
        }
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unassign(string patientId, [AsParameters] ResourceRoute route, [AsParameters] ResourceServices services)
    {
        if (!await services.Access.CanAssignResourcesAsync(services.User, patientId, services.CancellationToken))
        {
            return Problems.NotYourPatient;
        }

        await services.Audit.RecordAsync(services.User, AuditActions.ResourceUnassigned, patientId, null, route.Id, services.CancellationToken);
        return await services.Grains.GetGrain<IPatientResourcesGrain>(patientId).Unassign(route.Id)
            ? TypedResults.NoContent()
            : Problems.NotFound("This resource is not assigned to the patient.");
    }

    private static async Task<Results<Ok<ResourceAssignment>, ProblemHttpResult>> MarkUsed(string patientId, [AsParameters] ResourceRoute route, [AsParameters] ResourceServices services)
    {
        if (services.User.Id != patientId)
        {
            return Problems.NotYourPatient;
        }

        return await services.Grains.GetGrain<IPatientResourcesGrain>(patientId).MarkUsed(route.Id) is { } used
            ? TypedResults.Ok(used)
            : Problems.NotFound("This resource is not assigned to you.");
    }

    /// <summary>Authored resources: everyone. An added one: its author, and a patient it is assigned to.</summary>
    private static async Task<bool> CanReadAsync(ResourceServices services, ResourceInfo resource)
    {
        var user = services.User;
        return resource.AddedBy is null
            || resource.AddedBy == user.Id
            || (user.Role == Role.Patient && (await services.Grains.GetGrain<IPatientResourcesGrain>(user.Id).GetAssigned()).Any(a => a.ResourceId == resource.Id));
    }

    // The same answer whether the resource does not exist or is someone else's: it reveals nothing.
    private static ProblemHttpResult NoSuchResource => Problems.NotFound("No resource you can see has this id.");
}

/// <summary>What every resource endpoint works with.</summary>
internal sealed record ResourceServices(AppUser User, AccessPolicy Access, AuditLog Audit, IGrainFactory Grains, CancellationToken CancellationToken)
{
    public IResourceLibraryGrain Library => Grains.GetGrain<IResourceLibraryGrain>(IResourceLibraryGrain.Key);
}

/// <summary>A resource in the path: a lowercase slug (authored) or 32 hexadecimal characters (added).</summary>
public sealed record ResourceRoute(string Id) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(ResourceRules.IsId(Id), "id", $"A resource id is a lowercase slug of up to {ResourceLimits.MaxIdLength} letters, digits and hyphens.");
    }
}

/// <summary>A library search: <c>q</c> words, an <c>emotion</c> (Angry, Disgust, Fear, Happy, Sad, Surprise, Neutral), a <c>concern</c> tag, up to <c>limit</c> results (1–50, default 20). Empty parameters count as absent.</summary>
public sealed record ResourceQuery(string? Q, string? Emotion, string? Concern, int? Limit) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.Require(string.IsNullOrEmpty(Emotion) || ParsedEmotion is not null, "emotion", $"One of {string.Join(", ", Enum.GetNames<Grains.Interfaces.Emotion>())}.");
        foreach (var (field, error) in ResourceRules.Check(ToSearch(addedBy: null)))
        {
            errors.Add(field, error);
        }
    }

    /// <summary>The search as the library takes it; a therapist's searches include their own additions.</summary>
    public ResourceSearch ToSearch(AppUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        return ToSearch(user.Role == Role.Therapist ? user.Id : null);
    }

    private ResourceSearch ToSearch(string? addedBy) =>
        new(string.IsNullOrWhiteSpace(Q) ? null : Q, ParsedEmotion, string.IsNullOrEmpty(Concern) ? null : Concern, addedBy, Limit ?? 20);

    // Names only: Enum.TryParse would also take "3" or "99".
    private Grains.Interfaces.Emotion? ParsedEmotion =>
        Enum.GetNames<Grains.Interfaces.Emotion>().FirstOrDefault(n => string.Equals(n, Emotion, StringComparison.OrdinalIgnoreCase)) is { } name
            ? Enum.Parse<Grains.Interfaces.Emotion>(name)
            : null;
}

/// <summary>A therapist's resource; <c>kind</c> defaults to Article.</summary>
public sealed record AddResourceRequest(string Title, string Summary, ResourceKind? Kind, Emotion[]? Emotions, string[]? Concerns, string Markdown) : IValidatable
{
    public void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (field, error) in ResourceRules.Check(ToNewResource()))
        {
            errors.Add(field, error);
        }
    }

    public NewResource ToNewResource() => new(Title, Summary, Kind ?? ResourceKind.Article, Emotions ?? [], Concerns ?? [], Markdown);
}

/// <summary>A resource assigned to a patient.</summary>
/// <param name="Resource">The resource as the library lists it.</param>
/// <param name="AssignedBy">The therapist who assigned it.</param>
/// <param name="AssignedAt">When.</param>
/// <param name="UsedAt">When the patient first marked it used; null until then.</param>
public sealed record AssignedResourceResponse(ResourceInfo Resource, string AssignedBy, DateTimeOffset AssignedAt, DateTimeOffset? UsedAt);
