namespace EmoteCare.Grains.Interfaces;

/// <summary>What a therapist works with and what a patient's intake can name; the one vocabulary for both.</summary>
[GenerateSerializer, Alias("emotecare.Specialty")]
public enum Specialty
{
    /// <summary>Worry, nerves, panic.</summary>
    Anxiety,

    /// <summary>Low mood that lasts.</summary>
    Depression,

    /// <summary>Something frightening or overwhelming that happened.</summary>
    Trauma,

    /// <summary>Loss of someone or something.</summary>
    Grief,

    /// <summary>Partners, family, friends.</summary>
    Relationships,

    /// <summary>Pressure at work, study or home.</summary>
    Stress,

    /// <summary>Trouble falling or staying asleep.</summary>
    Sleep,

    /// <summary>Anger that is hard to handle.</summary>
    Anger,

    /// <summary>How a person sees and values themself.</summary>
    SelfEsteem,

    /// <summary>Feeling alone or cut off.</summary>
    Loneliness,

    /// <summary>Alcohol, drugs, gambling and other habits that are hard to stop.</summary>
    Addiction,

    /// <summary>Eating and body image.</summary>
    Eating,
}

/// <summary>A block of working time on one day of the week, in the therapist's time zone.</summary>
/// <param name="Day">The day of the week.</param>
/// <param name="Start">When the block starts (whole minutes).</param>
/// <param name="End">When it ends, later the same day (whole minutes).</param>
[GenerateSerializer, Immutable, Alias("emotecare.WeeklyHours")]
public sealed record WeeklyHours([Id(0)] DayOfWeek Day, [Id(1)] TimeOnly Start, [Id(2)] TimeOnly End);

/// <summary>Days off, in the therapist's time zone: no working hours apply from <paramref name="First"/> to <paramref name="Last"/>.</summary>
/// <param name="First">The first day of leave.</param>
/// <param name="Last">The last day of leave (inclusive); not before <paramref name="First"/>.</param>
[GenerateSerializer, Immutable, Alias("emotecare.LeavePeriod")]
public sealed record LeavePeriod([Id(0)] DateOnly First, [Id(1)] DateOnly Last);

/// <summary>
/// How a therapist practises: what allocation matches patients against and what scheduling offers slots from. The
/// limits are in <see cref="PracticeLimits"/>; <c>PracticeRules</c> in Grains says what is acceptable and puts a practice
/// in its stored order (specialties by value, hours by day then start, leave by first day).
/// </summary>
/// <param name="Specialties">What the therapist works with.</param>
/// <param name="Languages">Languages of sessions, ISO 639-1 codes in lowercase (<see cref="LanguageCodes"/>).</param>
/// <param name="TimeZone">An IANA time zone id such as "Europe/Berlin"; <see cref="WeeklyHours"/> and <see cref="Leave"/> are in it.</param>
/// <param name="WeeklyHours">Working blocks per day of the week; blocks of one day do not overlap.</param>
/// <param name="Leave">Days off that override the weekly hours; periods do not overlap.</param>
/// <param name="SessionMinutes">Length of one session.</param>
/// <param name="MaxCaseload">Most patients assigned at once; 0 takes no new patients.</param>
[GenerateSerializer, Immutable, Alias("emotecare.TherapistPractice")]
public sealed record TherapistPractice(
    [Id(0)] IReadOnlyList<Specialty> Specialties,
    [Id(1)] IReadOnlyList<string> Languages,
    [Id(2)] string TimeZone,
    [Id(3)] IReadOnlyList<WeeklyHours> WeeklyHours,
    [Id(4)] IReadOnlyList<LeavePeriod> Leave,
    [Id(5)] int SessionMinutes,
    [Id(6)] int MaxCaseload);

/// <summary>The limits of a <see cref="TherapistPractice"/>, each defined here once for the grains, the Api and the web app.</summary>
public static class PracticeLimits
{
    /// <summary>Shortest session.</summary>
    public const int MinSessionMinutes = 15;

    /// <summary>Longest session.</summary>
    public const int MaxSessionMinutes = 180;

    /// <summary>Largest caseload a therapist may declare.</summary>
    public const int MaxCaseload = 200;

    /// <summary>Most languages.</summary>
    public const int MaxLanguages = 10;

    /// <summary>Most working blocks in a week.</summary>
    public const int MaxWeeklyHours = 28;

    /// <summary>Most leave periods.</summary>
    public const int MaxLeavePeriods = 50;

    /// <summary>Longest leave period, in days.</summary>
    public const int MaxLeaveDays = 366;

    /// <summary>Earliest date a leave period may touch.</summary>
    public static readonly DateOnly EarliestLeave = new(2000, 1, 1);

    /// <summary>Latest date a leave period may touch.</summary>
    public static readonly DateOnly LatestLeave = new(2100, 12, 31);
}

/// <summary>The ISO 639-1 language codes; the one list for therapists' languages and patients' preferred language.</summary>
public static class LanguageCodes
{
    /// <summary>Every two-letter code, lowercase.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(
        ("aa ab ae af ak am an ar as av ay az ba be bg bi bm bn bo br bs ca ce ch co cr cs cu cv cy da de dv dz ee el en eo es et eu "
         + "fa ff fi fj fo fr fy ga gd gl gn gu gv ha he hi ho hr ht hu hy hz ia id ie ig ii ik io is it iu ja jv ka kg ki kj kk kl km "
         + "kn ko kr ks ku kv kw ky la lb lg li ln lo lt lu lv mg mh mi mk ml mn mr ms mt my na nb nd ne ng nl nn no nr nv ny oc oj om "
         + "or os pa pi pl ps pt qu rm rn ro ru rw sa sc sd se sg si sk sl sm sn so sq sr ss st su sv sw ta te tg th ti tk tl tn to tr "
         + "ts tt tw ty ug uk ur uz ve vi vo wa wo xh yi yo za zh zu").Split(' '),
        StringComparer.Ordinal);
}
