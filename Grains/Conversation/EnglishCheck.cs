using System.Collections.Frozen;
using System.Globalization;
using System.Text;

namespace EmoteCare.Grains.Conversation;

/// <summary>
/// Tells whether a message is plausibly English, so the bot can say plainly that it understands English only instead
/// of guessing. A heuristic, deliberately lenient: short replies, numbers and English with typos pass; text mostly in
/// another script, or whose small words are those of another European language, does not. It never decides safety:
/// the crisis check runs on every message first.
/// </summary>
public static class EnglishCheck
{
    private static readonly FrozenSet<string> EnglishWords = Words(
        "i me my you your we it is am are was were be been do does did not no yes and or but so the a an to of in on at for with " +
        "this that what how why when feel feeling feels felt just really very today tired sad happy good bad okay ok can can't " +
        "cant don't dont im i'm have has had want need help about like know think sleep work day night want wanna gonna");

    // Frequent short words of other languages that English text seldom holds (no shared words such as "a", "me", "no").
    private static readonly FrozenSet<string> ForeignWords = Words(
        // Spanish, Portuguese
        "el la los las que de del y en es estoy está muy pero por para con una uno mi yo tengo soy siento hoy não estou eu " +
        "você com muito mas isso hoje " +
        // French
        "je suis très et le les des du est pas mais avec pour moi aujourd'hui je suis j'ai ça c'est " +
        // German
        "ich bin nicht und der das ist sehr aber mit für heute mir mich habe " +
        // Italian, Dutch
        "sono il della oggi molto ma non ho een het ik ben niet en heb vandaag");

    /// <summary>Whether <paramref name="text"/> reads as English, or is too short to tell.</summary>
    public static bool LooksEnglish(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        int latin = 0, other = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!Rune.IsLetter(rune))
            {
                continue;
            }

            if (rune.Value < 0x250)
            {
                latin++;
            }
            else
            {
                other++;
            }
        }

        if (latin + other == 0)
        {
            return true;
        }

        if (other > latin)
        {
            return false;
        }

        var words = text.ToLower(CultureInfo.InvariantCulture)
            .Split([' ', '\t', '\n', '\r', ',', '.', '!', '?', ';', ':', '"', '(', ')'], StringSplitOptions.RemoveEmptyEntries);
        if (words.Length < 3)
        {
            return true;
        }

        var english = words.Count(EnglishWords.Contains);
        var foreign = words.Count(ForeignWords.Contains);
        return foreign < 2 || english >= foreign;
    }

    private static FrozenSet<string> Words(string words) => words.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToFrozenSet(StringComparer.Ordinal);
}
