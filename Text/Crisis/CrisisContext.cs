using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace EmoteCare.Text.Crisis;

/// <summary>
/// The checks around a pattern match (<see cref="RuleChecks"/>), read on normalised text. They look back from the
/// match within its clause, word by word, without allocating.
/// </summary>
internal static partial class CrisisContext
{
    private const int NegationReach = 6;
    private const int SubjectReach = 8;
    private const int UsedToReach = 5;

    private static readonly FrozenSet<string> Negators = FrozenSet.Create(
        StringComparer.Ordinal, "not", "never", "dont", "wont", "wouldnt", "shouldnt", "havent", "hasnt", "didnt", "isnt", "arent", "wasnt", "aint", "nor");

    // Words that may stand between a negator and what it negates: "I would never ever actually try to kill myself".
    private static readonly FrozenSet<string> NegationFillers = FrozenSet.Create(
        StringComparer.Ordinal,
        "i", "im", "ive", "id", "ill", "am", "is", "be", "been", "being", "have", "had", "would", "will", "could", "should", "going", "gonna",
        "to", "ever", "even", "really", "actually", "truly", "seriously", "honestly", "want", "wanna", "wanted", "plan", "planning", "intend",
        "intending", "thinking", "think", "thought", "about", "of", "try", "trying", "feel", "feeling", "like", "a", "the", "that", "so", "just",
        "do", "did", "it", "anything", "currently");

    private static readonly FrozenSet<string> FirstPerson = FrozenSet.Create(
        StringComparer.Ordinal, "i", "im", "ive", "id", "ill", "me", "my", "myself", "mine", "am");

    private static readonly FrozenSet<string> SomeoneElse = FrozenSet.Create(
        StringComparer.Ordinal,
        "he", "she", "they", "hes", "shes", "theyre", "theyve", "theyd", "hed", "him", "her", "them", "his", "their", "you", "youre",
        "youve", "youd", "your", "u", "ur", "someone", "somebody", "people", "person", "friend", "friends", "brother", "sister", "mum", "mom",
        "mother", "dad", "father", "son", "daughter", "wife", "husband", "partner", "boyfriend", "girlfriend", "bf", "gf", "aunt", "uncle",
        "cousin", "grandma", "grandad", "grandpa", "grandmother", "grandfather", "nan", "man", "woman", "guy", "girl", "boy", "kid", "kids",
        "child", "men", "women", "guys", "girls", "boys", "everyone", "everybody", "character", "hero", "patient", "client", "colleague", "neighbour", "neighbor", "classmate", "roommate", "flatmate", "teacher",
        "cat", "dog", "pet");

    // A clause that starts without a subject is the writer's in chat: "gonna od tonight", "thinking of overdosing".
    private static readonly FrozenSet<string> SubjectlessStarts = FrozenSet.Create(
        StringComparer.Ordinal,
        "gonna", "wanna", "want", "thinking", "thinkin", "been", "might", "feeling", "feelin", "gotta", "need", "going", "about", "planning",
        "cant", "just", "maybe", "probably", "tryna", "trying", "will", "should", "could", "would", "so", "tbh", "honestly", "lowkey", "ngl", "fr",
        "rn", "kinda", "almost", "nearly", "took", "take", "taking", "saving", "stockpiling", "have", "got", "bought", "keep", "kept", "still");

    /// <summary>Whether the match at [<paramref name="start"/>, <paramref name="end"/>) passes <paramref name="checks"/>.</summary>
    public static bool Passes(ReadOnlySpan<char> text, int start, int end, RuleChecks checks)
    {
        var clauseStart = ClauseStart(text, start);
        if ((checks & RuleChecks.NotNegated) != 0 && IsNegated(text, clauseStart, start))
        {
            return false;
        }

        if ((checks & RuleChecks.NotSomeoneElse) != 0 && IsAboutSomeoneElse(text, clauseStart, start))
        {
            return false;
        }

        if ((checks & RuleChecks.AboutWriter) != 0 && !IsAboutWriter(text, clauseStart, ClauseEnd(text, end)))
        {
            return false;
        }

        if ((checks & RuleChecks.NotResolvedPast) != 0 && IsResolvedPast(text, clauseStart, start))
        {
            return false;
        }

        return (checks & RuleChecks.NotDeniedQuestion) == 0 || !IsDeniedQuestion(text, clauseStart, start);
    }

    private static bool IsNegated(ReadOnlySpan<char> text, int clauseStart, int position)
    {
        var words = new BackwardWords(text, clauseStart, position);
        for (var i = 0; i < NegationReach && words.MoveNext(); i++)
        {
            if (Negators.GetAlternateLookup<ReadOnlySpan<char>>().Contains(words.Current))
            {
                return true;
            }

            if (!NegationFillers.GetAlternateLookup<ReadOnlySpan<char>>().Contains(words.Current))
            {
                return false;
            }
        }

        return false;
    }

    private static bool IsAboutSomeoneElse(ReadOnlySpan<char> text, int clauseStart, int position)
    {
        var words = new BackwardWords(text, clauseStart, position);
        for (var i = 0; i < SubjectReach && words.MoveNext(); i++)
        {
            if (FirstPerson.GetAlternateLookup<ReadOnlySpan<char>>().Contains(words.Current))
            {
                return false;
            }

            if (SomeoneElse.GetAlternateLookup<ReadOnlySpan<char>>().Contains(words.Current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsAboutWriter(ReadOnlySpan<char> text, int clauseStart, int clauseEnd)
    {
        var clause = text[clauseStart..clauseEnd];
        var first = true;
        foreach (var range in clause.Split(' '))
        {
            var word = clause[range];
            if (FirstPerson.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word)
                || (first && SubjectlessStarts.GetAlternateLookup<ReadOnlySpan<char>>().Contains(word)))
            {
                return true;
            }

            first = false;
        }

        return false;
    }

    /// <summary>
    /// "I used to self harm", or a clause set in the past ("years ago", "when I was a teenager") in a message that says
    /// things are better now; never when the message says it is back or recent.
    /// </summary>
    private static bool IsResolvedPast(ReadOnlySpan<char> text, int clauseStart, int position)
    {
        if (Recurrence().IsMatch(text))
        {
            return false;
        }

        var words = new BackwardWords(text, clauseStart, position);
        var previous = ReadOnlySpan<char>.Empty;
        for (var i = 0; i < UsedToReach && words.MoveNext(); i++)
        {
            if (words.Current is "used" && previous is "to")
            {
                return true;
            }

            previous = words.Current;
        }

        return PastTime().IsMatch(text[clauseStart..position]) && Recovery().IsMatch(text);
    }

    private static bool IsDeniedQuestion(ReadOnlySpan<char> text, int clauseStart, int position) =>
        AskedWhether().IsMatch(text[clauseStart..position]) && AnsweredNo().IsMatch(text[position..]);

    /// <summary>Where the clause holding <paramref name="position"/> starts: just after the previous boundary.</summary>
    private static int ClauseStart(ReadOnlySpan<char> text, int position)
    {
        var boundary = text[..position].LastIndexOf(CrisisText.Boundary);
        return boundary < 0 ? 0 : Math.Min(boundary + 2, position);
    }

    private static int ClauseEnd(ReadOnlySpan<char> text, int position)
    {
        var boundary = text[position..].IndexOf(CrisisText.Boundary);
        return boundary < 0 ? text.Length : position + Math.Max(boundary - 1, 0);
    }

    [GeneratedRegex(@"\b(?:again|lately|recently|these days|right now|rn|tonight|this week|coming back|came back|back again|relaps\w*)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Recurrence();

    [GeneratedRegex(@"\b(?:ago|when i was|as a (?:teen|teenager|kid|child)|in (?:high )?school|back then|in the past)\b", RegexOptions.CultureInvariant)]
    private static partial Regex PastTime();

    [GeneratedRegex(@"\b(?:better now|much better|doing (?:\w+ )?(?:better|well|great|good|ok|okay|fine)|better place|good place|recovered|recovery|proud|clean (?:for|since)|(?:days|weeks|months|years) clean|glad (?:i|im)|survived|havent (?:\w+ ){0,3}since|free (?:for|since))\b", RegexOptions.CultureInvariant)]
    private static partial Regex Recovery();

    [GeneratedRegex(@"\bask(?:ed|s|ing)? (?:\w+ ){0,2}?(?:if|whether)\b", RegexOptions.CultureInvariant)]
    private static partial Regex AskedWhether();

    [GeneratedRegex(@"\b(?:said|answered|told (?:\w+ )?|say) no\b", RegexOptions.CultureInvariant)]
    private static partial Regex AnsweredNo();

    /// <summary>The words of text[clauseStart..position) from the last to the first.</summary>
    private ref struct BackwardWords(ReadOnlySpan<char> text, int clauseStart, int position)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private readonly int _clauseStart = clauseStart;
        private int _position = position;

        public ReadOnlySpan<char> Current { get; private set; }

        public bool MoveNext()
        {
            var end = _position;
            while (end > _clauseStart && _text[end - 1] == ' ')
            {
                end--;
            }

            if (end <= _clauseStart)
            {
                return false;
            }

            var start = _text[_clauseStart..end].LastIndexOf(' ') is var space and >= 0 ? _clauseStart + space + 1 : _clauseStart;
            Current = _text[start..end];
            _position = start;
            return true;
        }
    }
}
