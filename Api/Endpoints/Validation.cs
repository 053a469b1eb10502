using EmoteCare.Api.Accounts;
using EmoteCare.Grains.Practice;
using EmoteCare.Grains.Scheduling;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EmoteCare.Api.Endpoints;

/// <summary>A request body or query that can say what is wrong with it; <see cref="ValidationFilter"/> asks before any handler runs.</summary>
public interface IValidatable
{
    /// <summary>Adds one entry per problem, keyed by the field's JSON name.</summary>
    void Validate(ValidationErrors errors);
}

/// <summary>Problems with a request, keyed by field, in the shape of <see cref="HttpValidationProblemDetails.Errors"/>.</summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    /// <summary>True when nothing was added.</summary>
    public bool IsEmpty => _errors.Count == 0;

    /// <summary>Adds <paramref name="error"/> under <paramref name="field"/> unless it is null.</summary>
    public void Add(string field, string? error)
    {
        if (error is not null)
        {
            if (!_errors.TryGetValue(field, out var list))
            {
                _errors[field] = list = [];
            }

            list.Add(error);
        }
    }

    /// <summary>Adds <paramref name="error"/> under <paramref name="field"/> when <paramref name="valid"/> is false.</summary>
    public void Require(bool valid, string field, string error)
    {
        if (!valid)
        {
            Add(field, error);
        }
    }

    /// <summary>Checks an optional id: absent, or shaped like an id.</summary>
    public void OptionalId(string field, string? id) => Require(id is null || Ids.IsValid(id), field, IdError);

    /// <summary>Checks a required id.</summary>
    public void RequiredId(string field, string? id) => Require(Ids.IsValid(id), field, IdError);

    /// <summary>Checks an optional page size against its bounds.</summary>
    public void Limit(string field, int? limit, int max) => Require(limit is null || (limit >= 1 && limit <= max), field, $"Between 1 and {max}.");

    /// <summary>
    /// Checks a date range, when both ends are given: later than its start by at most <see cref="SchedulingLimits.MaxRange"/>,
    /// within the years <see cref="SchedulingLimits.EarliestYear"/> to <see cref="SchedulingLimits.LatestYear"/>.
    /// </summary>
    public void DateRange(string field, DateTimeOffset? from, DateTimeOffset? to)
    {
        if (from is { } f && to is { } t)
        {
            Require(
                f < t && t - f <= SchedulingLimits.MaxRange && f.Year >= SchedulingLimits.EarliestYear && t.Year <= SchedulingLimits.LatestYear,
                field,
                $"Later than from, by at most {SchedulingLimits.MaxRange.TotalDays} days, between the years {SchedulingLimits.EarliestYear} and {SchedulingLimits.LatestYear}.");
        }
    }

    /// <summary>Checks an optional IANA time zone id, such as Europe/Berlin.</summary>
    public void TimeZone(string field, string? id) =>
        Require(id is null || PracticeRules.IsTimeZone(id), field, "An IANA time zone id such as Europe/Berlin or America/New_York.");

    /// <summary>The errors, as <c>TypedResults.ValidationProblem</c> takes them.</summary>
    public Dictionary<string, string[]> ToDictionary() => _errors.ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal);

    private const string IdError = "An id is 32 lowercase hexadecimal characters.";
}

/// <summary>
/// Rejects a request with a validation problem before its handler runs: every route value named <c>...Id</c> must be
/// shaped like an id, and every <see cref="IValidatable"/> argument must be valid. Applied to the whole <c>/api</c> group,
/// so a new endpoint is covered without opting in. First it puts every <see cref="IHasTimes"/> argument, from the query
/// or the body alike, into UTC.
/// </summary>
internal sealed class ValidationFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        for (var i = 0; i < context.Arguments.Count; i++)
        {
            if (context.Arguments[i] is IHasTimes times)
            {
                context.Arguments[i] = times.ToUtc();
            }
        }

        var errors = new ValidationErrors();
        foreach (var (key, value) in context.HttpContext.Request.RouteValues)
        {
            if (key.EndsWith("Id", StringComparison.Ordinal))
            {
                errors.RequiredId(key, value as string);
            }
        }

        foreach (var argument in context.Arguments)
        {
            (argument as IValidatable)?.Validate(errors);
        }

        return errors.IsEmpty ? await next(context) : TypedResults.ValidationProblem(errors.ToDictionary());
    }
}

/// <summary>The Api's problem answers other than validation, with fixed wording that reveals nothing about other people's data.</summary>
internal static class Problems
{
    public static ProblemHttpResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>Bad input found after the request's own checks (say, by a grain): a validation problem on one field.</summary>
    public static ProblemHttpResult Invalid(string field, string detail) =>
        TypedResults.Problem(new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [detail] })
        {
            Status = StatusCodes.Status400BadRequest,
            Title = "One or more validation errors occurred.",
            Detail = detail,
        });

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    // Built per request: writing a problem adds its trace id to the instance, so none is shared.
    public static ProblemHttpResult SignInFailed => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Sign-in failed",
        detail: "The email or password is wrong, or the account is locked for a while after repeated failures, or disabled by an administrator.");

    public static ProblemHttpResult NotYourSession => Forbidden("You do not have access to this session.");

    public static ProblemHttpResult NotYourPatient => Forbidden("You do not have access to this patient.");

    /// <summary>
    /// Gives every problem a <c>type</c>: ASP.NET Core links the common statuses to RFC 9110 and leaves the rest without
    /// one; these are the others the Api answers with.
    /// </summary>
    public static void AddMissingType(ProblemDetailsContext context) =>
        context.ProblemDetails.Type ??= context.ProblemDetails.Status switch
        {
            StatusCodes.Status413PayloadTooLarge => "https://tools.ietf.org/html/rfc9110#section-15.5.14",
            StatusCodes.Status429TooManyRequests => "https://tools.ietf.org/html/rfc6585#section-4",
            _ => null,
        };
}

/// <summary>
/// A request that takes instants. <see cref="ValidationFilter"/> replaces it with <see cref="ToUtc"/>'s copy before
/// validation and the handler, so a time written with any offset means the same instant everywhere behind the edge
/// (Npgsql writes <c>timestamptz</c> only from UTC values, and day boundaries are UTC days).
/// </summary>
public interface IHasTimes
{
    /// <summary>The same request with every instant at offset zero.</summary>
    object ToUtc();
}
