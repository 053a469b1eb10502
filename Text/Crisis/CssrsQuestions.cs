namespace EmoteCare.Text.Crisis;

/// <summary>The items of the C-SSRS screener, in the order they can be asked.</summary>
public enum CssrsItem
{
    /// <summary>1: wished to be dead or not to wake up (past month).</summary>
    WishToBeDead = 1,

    /// <summary>2: thoughts of killing oneself (past month).</summary>
    SuicidalThoughts,

    /// <summary>3: thought about how (asked only after a yes to 2).</summary>
    Method,

    /// <summary>4: some intention of acting on the thoughts (only after a yes to 2).</summary>
    Intent,

    /// <summary>5: worked out the details, and means to carry them out (only after a yes to 2).</summary>
    Plan,

    /// <summary>6: ever done, started or prepared anything to end one's life (always asked).</summary>
    Behaviour,

    /// <summary>6, continued: was that within the past three months (only after a yes to 6).</summary>
    BehaviourRecent,
}

/// <summary>
/// The screener's wording, written by the team in plain language after the C-SSRS screener's items. Authored text
/// only: nothing here is generated, and nothing reads as a diagnosis. The version changes whenever a word does, so a
/// stored conversation can say which wording the patient saw.
/// </summary>
public static class CssrsQuestions
{
    /// <summary>The wording's version.</summary>
    public const string Version = "1.0.0";

    /// <summary>Said once before the first question.</summary>
    public const string Introduction =
        "I'd like to ask you a few direct questions about the past month. They are the questions a clinician would ask, " +
        "and you can answer with a yes or a no. There are no wrong answers, and you can stop and talk to a person at any time.";

    /// <summary>The question for <paramref name="item"/>.</summary>
    public static string Text(CssrsItem item) => item switch
    {
        CssrsItem.WishToBeDead => "In the past month, have you wished you were dead, or wished you could go to sleep and not wake up?",
        CssrsItem.SuicidalThoughts => "In the past month, have you had any thoughts about killing yourself?",
        CssrsItem.Method => "Have you thought about how you might do it?",
        CssrsItem.Intent => "Have you had these thoughts and felt that you might act on them?",
        CssrsItem.Plan => "Have you started to work out, or worked out, the details of how you would do it? And do you mean to carry out that plan?",
        CssrsItem.Behaviour =>
            "Have you ever done anything, started to do anything, or got anything ready to end your life? For example, collecting " +
            "pills, getting hold of a weapon, writing a goodbye note, or starting to hurt yourself and then stopping.",
        CssrsItem.BehaviourRecent => "Was that in the past three months?",
        _ => throw new ArgumentOutOfRangeException(nameof(item), item, "not a C-SSRS screener item"),
    };
}
