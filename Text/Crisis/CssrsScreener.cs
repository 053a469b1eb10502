using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text.Crisis;

/// <summary>What the screener's answers call for: a level for routing the conversation, not a diagnosis.</summary>
public enum CssrsRisk
{
    /// <summary>Every answer was no.</summary>
    None,

    /// <summary>A wish to be dead or thoughts of suicide, without a method, intent, plan or recent behaviour.</summary>
    Low,

    /// <summary>Thoughts of a method, or something done or prepared more than three months ago.</summary>
    Moderate,

    /// <summary>Intent, a plan, or something done or prepared within the past three months.</summary>
    High,
}

/// <summary>The screener's outcome.</summary>
/// <param name="Risk">The level, after the C-SSRS screener's triage: high for items 4, 5 or recent 6; moderate for 3 or older 6; low for 1 or 2.</param>
/// <param name="Signals">The crisis signals answered yes, most serious first.</param>
public sealed record CssrsResult(CssrsRisk Risk, IReadOnlyList<CrisisSignal> Signals);

/// <summary>
/// The C-SSRS screener as a conversation step by step: items 1 and 2; items 3 to 5 only after a yes to 2; item 6 always,
/// and whether it was within three months only after a yes to 6. Plain logic with no grain: the conversation asks
/// <see cref="Current"/>, passes the patient's answer to <see cref="Answer"/>, and keeps <see cref="Answers"/> to resume
/// with <see cref="Resume"/>. An answer the conversation cannot read as a clear no should be passed as a yes.
/// </summary>
public sealed class CssrsScreener
{
    // Most serious first, as CrisisAssessment orders its signals.
    private static readonly (CssrsItem Item, CrisisSignal Signal)[] SignalOf =
    [
        (CssrsItem.Behaviour, CrisisSignal.PreparatoryBehaviour),
        (CssrsItem.Plan, CrisisSignal.Plan),
        (CssrsItem.Intent, CrisisSignal.Intent),
        (CssrsItem.Method, CrisisSignal.Method),
        (CssrsItem.SuicidalThoughts, CrisisSignal.SuicidalThoughts),
        (CssrsItem.WishToBeDead, CrisisSignal.WishToBeDead),
    ];

    private readonly List<(CssrsItem Item, bool Yes)> _answers = [];

    /// <summary>The item to ask now; null once the screener is complete.</summary>
    public CssrsItem? Current { get; private set; } = CssrsItem.WishToBeDead;

    /// <summary>The question to ask now, in <see cref="CssrsQuestions"/>' wording; null once complete.</summary>
    public string? CurrentQuestion => Current is { } item ? CssrsQuestions.Text(item) : null;

    /// <summary>Whether every question the skip logic calls for has been answered.</summary>
    public bool IsComplete => Current is null;

    /// <summary>The answers so far, in the order asked.</summary>
    public IReadOnlyList<(CssrsItem Item, bool Yes)> Answers => _answers;

    /// <summary>A screener that has already been given <paramref name="answers"/>, in order (from <see cref="Answers"/>).</summary>
    /// <exception cref="ArgumentException">The answers do not follow the screener's order.</exception>
    public static CssrsScreener Resume(IEnumerable<(CssrsItem Item, bool Yes)> answers)
    {
        ArgumentNullException.ThrowIfNull(answers);
        var screener = new CssrsScreener();
        foreach (var (item, yes) in answers)
        {
            if (screener.Current != item)
            {
                throw new ArgumentException(
                    $"Answer to {item} out of order: the screener expected {(screener.Current is { } expected ? expected.ToString() : "no more answers")}.",
                    nameof(answers));
            }

            screener.Answer(yes);
        }

        return screener;
    }

    /// <summary>Records the answer to <see cref="Current"/> and moves to the next item the skip logic calls for.</summary>
    /// <exception cref="InvalidOperationException">The screener is already complete.</exception>
    public void Answer(bool yes)
    {
        var item = Current ?? throw new InvalidOperationException("The screener is complete; there is no question to answer.");
        _answers.Add((item, yes));
        Current = item switch
        {
            CssrsItem.WishToBeDead => CssrsItem.SuicidalThoughts,
            CssrsItem.SuicidalThoughts => yes ? CssrsItem.Method : CssrsItem.Behaviour,
            CssrsItem.Method => CssrsItem.Intent,
            CssrsItem.Intent => CssrsItem.Plan,
            CssrsItem.Plan => CssrsItem.Behaviour,
            CssrsItem.Behaviour => yes ? CssrsItem.BehaviourRecent : null,
            _ => null,
        };
    }

    /// <summary>The outcome of a complete screener.</summary>
    /// <exception cref="InvalidOperationException">Questions remain; a partial screener has no outcome.</exception>
    public CssrsResult Result()
    {
        if (!IsComplete)
        {
            throw new InvalidOperationException($"The screener is not complete: {Current} has not been answered.");
        }

        bool Yes(CssrsItem item) => _answers.Exists(a => a.Item == item && a.Yes);

        var risk = Yes(CssrsItem.Intent) || Yes(CssrsItem.Plan) || Yes(CssrsItem.BehaviourRecent) ? CssrsRisk.High
            : Yes(CssrsItem.Method) || Yes(CssrsItem.Behaviour) ? CssrsRisk.Moderate
            : Yes(CssrsItem.WishToBeDead) || Yes(CssrsItem.SuicidalThoughts) ? CssrsRisk.Low
            : CssrsRisk.None;

        var signals = new List<CrisisSignal>();
        foreach (var (item, signal) in SignalOf)
        {
            if (Yes(item))
            {
                signals.Add(signal);
            }
        }

        return new CssrsResult(risk, signals);
    }
}
