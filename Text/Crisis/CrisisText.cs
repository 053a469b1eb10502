using System.Buffers;

namespace EmoteCare.Text.Crisis;

/// <summary>
/// Puts a message into the one form both crisis layers read: lower-case ASCII words separated by single spaces, with
/// <c>.</c> standing alone between clauses. Look-alike letters, full-width and mathematical letters, leetspeak inside
/// words, accents, invisible characters and long letter runs are undone, and apostrophes dropped (<c>i'm</c> reads
/// <c>im</c>), so a pattern or a feature is written once for all the ways a person may type it.
/// <c>models/training/crisis/crisis_text.py</c> is the same function for training; the golden file
/// <c>models/training/crisis/features.golden.json</c> holds the two to the same output.
/// </summary>
internal static class CrisisText
{
    /// <summary>The clause boundary in normalised text.</summary>
    public const char Boundary = '.';

    // Pairs of (look-alike, ASCII letter): Cyrillic and Greek letters that read as Latin ones, and Latin letters with
    // accents, which people and filters both use to slip past a word list. Kept in step with crisis_text.py.
    private const string LookAlikes =
        "аaвbеeёeкkмmнhоoрpсcтtуyхxѕsіiїiјjԁdɡgԛqԝwүyһhӏl" +
        "АaВbЕeКkМmНhОoРpСcТtХxІiЈjЅs" +
        "αaβbεeιiκkνvοoρpτtυuχxΑaΒbΕeΖzΗhΙiΚkΜmΝnΟoΡpΤtΥyΧx" +
        "àaáaâaãaäaåaçcèeéeêeëeìiíiîiïiñnòoóoôoõoöoøoùuúuûuüuýyÿy" +
        "ÀaÁaÂaÃaÄaÅaÇcÈeÉeÊeËeÌiÍiÎiÏiÑnÒoÓoÔoÕoÖoØoÙuÚuÛuÜuÝyıiłl";

    // Dropped inside words: "i'm" and "im" are one word, as are "don't" and "dont".
    private const string Apostrophes = "'’‘ʼʻ`´′";

    // Clause ends; '!' is decided later, since "d!e" is leetspeak.
    private const string ClauseMarks = ".,?;:…¡¿\n\r";

    // Characters that separate words without ending a clause are everything else that is not a letter or digit.
    private const string Leet = "013457@$!";
    private const string LeetLetters = "oieastasi";

    /// <summary>Normalises <paramref name="text"/> into a string (tests, training parity and the evaluation listing).</summary>
    public static string Normalise(string text)
    {
        var buffer = ArrayPool<char>.Shared.Rent(MaxLength(text));
        try
        {
            return new string(buffer, 0, Normalise(text, buffer));
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    /// <summary>The buffer <see cref="Normalise(string, Span{char})"/> needs for <paramref name="text"/>.</summary>
    public static int MaxLength(string text) => (3 * text.Length) + 1;

    /// <summary>
    /// Normalises <paramref name="text"/> into <paramref name="destination"/> (at least <see cref="MaxLength"/> long)
    /// and returns the length written. Allocates nothing.
    /// </summary>
    public static int Normalise(string text, Span<char> destination)
    {
        // Pass 1 writes one character per rune (a letter, digit, leet candidate, clause mark or space) to the last
        // third, so pass 3, which writes at most two characters per one it reads, never overtakes what it reads.
        var start = 2 * text.Length;
        var end = start;
        foreach (var rune in text.EnumerateRunes())
        {
            var c = MapRune(rune.Value);
            if (c != '\0')
            {
                destination[end++] = c;
            }
        }

        // Pass 2: leetspeak inside words, in place; the next position must see this one's original character.
        var previous = '\0';
        for (var i = start; i < end; i++)
        {
            var c = destination[i];
            destination[i] = ResolveLeet(c, previous, i + 1 < end ? destination[i + 1] : '\0');
            previous = c;
        }

        // Pass 3: words and boundaries joined by single spaces; runs of 3+ of one letter become 2 ("diiie" -> "diie").
        var written = 0;
        var pendingSpace = false;
        for (var i = start; i < end; i++)
        {
            var c = destination[i];
            if (c == ' ')
            {
                pendingSpace = written > 0;
                continue;
            }

            if (c == Boundary)
            {
                if (written > 0 && destination[written - 1] != Boundary)
                {
                    destination[written++] = ' ';
                    destination[written++] = Boundary;
                }

                pendingSpace = written > 0;
                continue;
            }

            if (pendingSpace)
            {
                destination[written++] = ' ';
                pendingSpace = false;
            }
            else if (IsLetter(c) && written >= 2 && destination[written - 1] == c && destination[written - 2] == c)
            {
                continue;
            }

            destination[written++] = c;
        }

        // A trailing boundary says nothing.
        if (written >= 2 && destination[written - 1] == Boundary)
        {
            written -= 2;
        }

        return written;
    }

    private static char MapRune(int value)
    {
        if (value is (>= 0x200B and <= 0x200F) or (>= 0x2060 and <= 0x2064) or 0xFEFF or 0x00AD or 0x034F or 0x180E
            or (>= 0x0300 and <= 0x036F))
        {
            return '\0'; // invisible or combining: "ki\u200Bll" is "kill"
        }

        if (value is >= 0xFF01 and <= 0xFF5E)
        {
            value -= 0xFEE0; // full-width ASCII
        }
        else if (value == 0x3000)
        {
            value = ' ';
        }
        else if (value is >= 0x1D400 and <= 0x1D6A3)
        {
            value = 'a' + ((value - 0x1D400) % 52 % 26); // mathematical bold, italic, script... letters
        }
        else if (value is >= 0x1D7CE and <= 0x1D7FF)
        {
            value = '0' + ((value - 0x1D7CE) % 10);
        }

        if (value > char.MaxValue)
        {
            return ' ';
        }

        var c = (char)value;
        if (c is >= 'A' and <= 'Z')
        {
            return (char)(c + ('a' - 'A'));
        }

        if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '@' or '$' or '!')
        {
            return c;
        }

        if (Apostrophes.Contains(c))
        {
            return '\0';
        }

        if (ClauseMarks.Contains(c))
        {
            return Boundary;
        }

        var lookAlike = c >= 0x80 ? IndexOfLookAlike(c) : -1;
        return lookAlike >= 0 ? LookAlikes[lookAlike + 1] : ' ';
    }

    private static int IndexOfLookAlike(char c)
    {
        for (var i = 0; i < LookAlikes.Length; i += 2)
        {
            if (LookAlikes[i] == c)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// A leet character becomes its letter between two letters, or at a word's edge next to a letter ("5uicide",
    /// "b4"); digits elsewhere stay digits ("30mg", "24 7"). '!' becomes a letter only between letters ("d!e"), since
    /// "die!" ends a sentence.
    /// </summary>
    private static char ResolveLeet(char c, char previous, char next)
    {
        var index = Leet.IndexOf(c);
        if (index < 0)
        {
            return c;
        }

        var letterBefore = IsLetter(previous);
        var letterAfter = IsLetter(next);
        var convert = c == '!'
            ? letterBefore && letterAfter
            : (letterBefore && letterAfter) || (letterBefore && !IsWordChar(next)) || (letterAfter && !IsWordChar(previous));
        if (convert)
        {
            return LeetLetters[index];
        }

        return c switch
        {
            '!' => Boundary,
            '@' or '$' => ' ',
            _ => c,
        };
    }

    private static bool IsLetter(char c) => c is >= 'a' and <= 'z';

    private static bool IsWordChar(char c) => IsLetter(c) || Leet.Contains(c) || c is >= '0' and <= '9';
}
