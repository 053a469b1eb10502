using System.Globalization;
using System.Text;

namespace EmoteCare.Grains.Resources;

/// <summary>How resource text splits into words and sentences; search, reading time and the plain-language check share it.</summary>
public static class ResourceText
{
    /// <summary>Lowercase words: runs of letters and digits (an apostrophe inside a word keeps it whole).</summary>
    public static IReadOnlyList<string> Words(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var words = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '\u2019' && current.Length > 0 && i + 1 < text.Length && char.IsLetter(text[i + 1]))
            {
                current.Append('\'');
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }

        return words;
    }

    /// <summary>Minutes to read <paramref name="plainText"/> at 200 words a minute, at least one.</summary>
    public static int ReadingMinutes(string plainText) => Math.Max(1, (int)Math.Ceiling(Words(plainText).Count / 200.0));

    /// <summary>Sentences: text split at full stops, question and exclamation marks, colons and line breaks; empty ones dropped.</summary>
    public static IReadOnlyList<string> Sentences(string plainText)
    {
        ArgumentNullException.ThrowIfNull(plainText);
        return [.. plainText.Split(['.', '?', '!', ':', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => Words(s).Count > 0)];
    }

    /// <summary>A concern tag as stored: trimmed and lowercase.</summary>
    public static string NormaliseTag(string tag)
    {
        ArgumentNullException.ThrowIfNull(tag);
        return tag.Trim().ToLower(CultureInfo.InvariantCulture);
    }
}
