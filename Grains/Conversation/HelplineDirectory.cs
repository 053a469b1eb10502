using System.Collections.Frozen;
using System.Text.Json;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Grains.Conversation;

/// <summary>
/// The dated helpline table (<c>Grains/Conversation/helplines.json</c>, embedded): per country its emergency number and
/// helplines, each with a source; a line not yet verified against its source is marked as needing confirmation. An unknown
/// country gets no links and the fallback sentence to call the local emergency number.
/// </summary>
public sealed class HelplineDirectory
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow };

    private readonly Table _table;
    private readonly FrozenDictionary<string, Helplines> _byCountry;
    private readonly Helplines _fallback;

    private HelplineDirectory(Table table)
    {
        _table = table;
        var checkedOn = DateOnly.Parse(table.Checked, System.Globalization.CultureInfo.InvariantCulture);
        _fallback = new Helplines(null, [], table.Fallback, checkedOn);
        _byCountry = table.Countries.ToFrozenDictionary(c => c.Key, c => Build(c.Key, c.Value, checkedOn), StringComparer.Ordinal);
    }

    /// <summary>The countries the table has lines for.</summary>
    public IReadOnlyCollection<string> Countries => _byCountry.Keys;

    /// <summary>When the table was last checked.</summary>
    public DateOnly CheckedOn => _fallback.CheckedOn;

    /// <summary>The table embedded in this assembly.</summary>
    public static HelplineDirectory LoadEmbedded()
    {
        using var stream = typeof(HelplineDirectory).Assembly.GetManifestResourceStream("EmoteCare.Grains.Conversation.helplines.json")
            ?? throw new InvalidOperationException("The helpline table is not embedded.");
        return Parse(stream);
    }

    /// <summary>Parses a table.</summary>
    public static HelplineDirectory Parse(Stream json) => new(JsonSerializer.Deserialize<Table>(json, Json) ?? throw new InvalidOperationException("The helpline table is empty."));

    /// <summary>The helplines for <paramref name="country"/> (ISO 3166 alpha-2); the fallback when it is null or not in the table.</summary>
    public Helplines For(string? country) => country is not null && _byCountry.TryGetValue(country, out var lines) ? lines : _fallback;

    /// <summary>What is wrong with the table: unknown country codes, lines without a known source, numbers that cannot be dialled.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        foreach (var (country, entry) in _table.Countries)
        {
            if (!CountryCodes.IsAssigned(country))
            {
                problems.Add($"'{country}' is not an ISO 3166 alpha-2 code.");
            }

            foreach (var line in entry.Lines.Select(l => (l.Name, l.Source, Numbers: new[] { l.Call, l.Text })).Append(("emergency", entry.Emergency.Source, [entry.Emergency.Number])))
            {
                if (!_table.Sources.ContainsKey(line.Source))
                {
                    problems.Add($"{country} {line.Name}: source '{line.Source}' is not in the sources.");
                }

                foreach (var number in line.Numbers.OfType<string>())
                {
                    if (Dialable(number).Length < 3)
                    {
                        problems.Add($"{country} {line.Name}: '{number}' is not a number.");
                    }
                }
            }
        }

        return problems;
    }

    private Helplines Build(string country, CountryEntry entry, DateOnly checkedOn)
    {
        var links = new List<HelplineLink>
        {
            new("Emergency", ContactKind.Call, entry.Emergency.Number, $"tel:{Dialable(entry.Emergency.Number)}", true, !entry.Emergency.Verified),
        };
        foreach (var line in entry.Lines)
        {
            if (line.Call is { } call)
            {
                links.Add(new HelplineLink(line.Name, ContactKind.Call, call, $"tel:{Dialable(call)}", false, !line.Verified));
            }

            if (line.Text is { } text)
            {
                links.Add(new HelplineLink(line.Name, ContactKind.Text, text, $"sms:{Dialable(text)}", false, !line.Verified));
            }
        }

        var note = links.Exists(l => l.NeedsConfirmation) ? $"{_table.Note} {_table.ConfirmationNote}" : _table.Note;
        return new Helplines(country, links, note, checkedOn);
    }

    private static string Dialable(string number) => string.Concat(number.Where(c => char.IsAsciiDigit(c) || c == '+'));

    private sealed record Table(string Checked, string Fallback, string Note, string ConfirmationNote, Dictionary<string, string> Sources, Dictionary<string, CountryEntry> Countries);

    private sealed record CountryEntry(Emergency Emergency, List<Line> Lines);

    private sealed record Emergency(string Number, string Source, bool Verified);

    private sealed record Line(string Name, string? Call, string? Text, string Source, bool Verified);
}
