using System.Text.RegularExpressions;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text.Crisis;

/// <summary>One deterministic pattern of the first crisis layer, matched against <see cref="CrisisText"/>'s normalised form.</summary>
/// <param name="Id">A stable name for listings and tests ("kill-myself"); never shown to a patient.</param>
/// <param name="Signal">The C-SSRS item a match stands for.</param>
/// <param name="Pattern">The pattern; it should start at the verb, not the subject, so the subject checks can look before it.</param>
/// <param name="Checks">What a match must also pass to count.</param>
internal sealed record CrisisRule(string Id, CrisisSignal Signal, Regex Pattern, RuleChecks Checks = RuleChecks.Default);

/// <summary>Context a match is checked against, in <see cref="CrisisContext"/>.</summary>
[Flags]
internal enum RuleChecks
{
    None = 0,

    /// <summary>Not negated just before ("I would never kill myself", "I'm not suicidal").</summary>
    NotNegated = 1,

    /// <summary>The nearest subject before the match is not someone else ("my sister attempted suicide").</summary>
    NotSomeoneElse = 2,

    /// <summary>Not a resolved past ("I used to self harm", "years ago ..., now I'm doing well"), unless the message says it is back.</summary>
    NotResolvedPast = 4,

    /// <summary>Not an answer reported as no ("my therapist asked whether I'd thought about suicide and I said no").</summary>
    NotDeniedQuestion = 8,

    /// <summary>The clause speaks of the writer (a first-person word, or it starts without a subject as chat does: "gonna od").</summary>
    AboutWriter = 16,

    Default = NotNegated | NotSomeoneElse | NotResolvedPast | NotDeniedQuestion,

    /// <summary>Methods and means, which news and stories mention too.</summary>
    DefaultAboutWriter = Default | AboutWriter,
}
