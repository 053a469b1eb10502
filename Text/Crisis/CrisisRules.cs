using System.Text.RegularExpressions;
using EmoteCare.Grains.Interfaces;

namespace EmoteCare.Text.Crisis;

/// <summary>
/// The first crisis layer's patterns, anchored on the C-SSRS screener's items. They read normalised text (lower-case
/// ASCII words, single spaces, apostrophes dropped: "i'm" is "im", "don't" is "dont"), so each is written once for
/// every spelling the normaliser folds together. Idioms ("this traffic is killing me", "dying to see it", "kill the
/// process") are kept out by what the patterns require (a self-directed object, a wish, a first person) rather than by
/// lists of exceptions; negation, other people and a resolved past are checked around each match by
/// <see cref="CrisisContext"/>.
/// </summary>
internal static partial class CrisisRules
{
    private const RegexOptions Options = RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture;

    // Fragments. The normaliser has already folded "diiiie" to "diie", "k1ll" to "kill" and "mysеlf" to "myself".
    private const string Die = "di{1,2}e{1,2}";
    private const string Dead = "(?:dead|ded)";
    private const string Self = "(?:my ?self|myslef|mysef|my own self|meself)";
    private const string To = "(?:to|2|ta)";
    private const string Want = "(?:want|wanna|wants|wanted|wanting|wantd)";
    private const string Kill = "kil{1,2}(?:s|ed|ing|in)?";
    private const string EndIt = @"end (?:my life|my own life|it all|it(?! (?:with|between|off|for (?:him|her|them))\b))";
    private const string Suicide = "(?:suicide|suicde|sucide|suiside|suicid)";
    private const string Dyed = "(?:my|your|her|his|the|it|them) (?:hair|beard|clothes|shirt|shoes|eyebrows|roots|fringe)";
    private const string Pills = "(?:pills|tablets|meds|medication|painkillers|paracetamol|tylenol|sleeping pills)";

    /// <summary>Every rule, in the order they are tried.</summary>
    public static IReadOnlyList<CrisisRule> All { get; } =
    [
        // C-SSRS 2: thoughts of killing oneself.
        new("kill-myself", CrisisSignal.SuicidalThoughts, KillMyself()),
        new("kms", CrisisSignal.SuicidalThoughts, Kms()),
        new("unalive", CrisisSignal.SuicidalThoughts, Unalive()),
        new("suicidal", CrisisSignal.SuicidalThoughts, Suicidal()),
        new("thinking-of-suicide", CrisisSignal.SuicidalThoughts, ThinkingOfSuicide()),
        new("thinking-of-dying", CrisisSignal.SuicidalThoughts, ThinkingOfDying()),
        new("end-my-life", CrisisSignal.SuicidalThoughts, EndMyLife()),

        // C-SSRS 1: wishing to be dead. Negating a wish to live is itself the wish ("I don't want to live").
        new("want-to-die", CrisisSignal.WishToBeDead, WantToDie()),
        new("wish-i-were-dead", CrisisSignal.WishToBeDead, WishIWereDead()),
        new("better-off-dead", CrisisSignal.WishToBeDead, BetterOffDead()),
        new("never-wake-up", CrisisSignal.WishToBeDead, NeverWakeUp()),
        new("not-want-to-live", CrisisSignal.WishToBeDead, NotWantToLive()),
        new("nothing-to-live-for", CrisisSignal.WishToBeDead, NothingToLiveFor()),
        new("not-deserve-to-live", CrisisSignal.WishToBeDead, NotDeserveToLive()),
        new("tired-of-living", CrisisSignal.WishToBeDead, TiredOfLiving()),
        new("not-care-if-i-die", CrisisSignal.WishToBeDead, NotCareIfIDie()),
        new("something-kill-me", CrisisSignal.WishToBeDead, SomethingKillMe()),
        new("hope-i-die", CrisisSignal.WishToBeDead, HopeIDie()),
        new("should-just-die", CrisisSignal.WishToBeDead, ShouldJustDie(), RuleChecks.DefaultAboutWriter),

        // C-SSRS 3: how.
        new("overdose", CrisisSignal.Method, Overdose(), RuleChecks.DefaultAboutWriter),
        new("lethal-amount", CrisisSignal.Method, LethalAmount(), RuleChecks.DefaultAboutWriter),
        new("jump-from", CrisisSignal.Method, JumpFrom(), RuleChecks.DefaultAboutWriter),
        new("in-front-of-traffic", CrisisSignal.Method, InFrontOfTraffic(), RuleChecks.DefaultAboutWriter),
        new("crash-on-purpose", CrisisSignal.Method, CrashOnPurpose(), RuleChecks.DefaultAboutWriter),
        new("method-on-myself", CrisisSignal.Method, MethodOnMyself()),
        new("wrists", CrisisSignal.Method, Wrists()),
        new("how-i-would", CrisisSignal.Method, HowIWould()),

        // C-SSRS 4 and 5: intent, and a plan.
        new("intent", CrisisSignal.Intent, Intent()),
        new("plan", CrisisSignal.Plan, Plan()),

        // C-SSRS 6: preparing or having started.
        new("note", CrisisSignal.PreparatoryBehaviour, Note()),
        new("giving-away", CrisisSignal.PreparatoryBehaviour, GivingAway()),
        new("gathering-pills", CrisisSignal.PreparatoryBehaviour, GatheringPills(), RuleChecks.DefaultAboutWriter),
        new("means-at-hand", CrisisSignal.PreparatoryBehaviour, MeansAtHand(), RuleChecks.DefaultAboutWriter),
        new("noose", CrisisSignal.PreparatoryBehaviour, Noose()),
        new("goodbye", CrisisSignal.PreparatoryBehaviour, Goodbye()),
        new("affairs-in-order", CrisisSignal.PreparatoryBehaviour, AffairsInOrder()),
        new("attempt", CrisisSignal.PreparatoryBehaviour, Attempt()),
        new("took-pills", CrisisSignal.PreparatoryBehaviour, TookPills(), RuleChecks.DefaultAboutWriter),
        new("drank-poison", CrisisSignal.PreparatoryBehaviour, DrankPoison(), RuleChecks.DefaultAboutWriter),

        // Self-harm without stated suicidal intent.
        new("cutting", CrisisSignal.SelfHarm, Cutting()),
        new("burning", CrisisSignal.SelfHarm, Burning()),
        new("hitting-myself", CrisisSignal.SelfHarm, HittingMyself()),
        new("hurt-myself", CrisisSignal.SelfHarm, HurtMyself()),
        new("self-harm", CrisisSignal.SelfHarm, SelfHarm()),
        new("until-it-bled", CrisisSignal.SelfHarm, UntilItBled(), RuleChecks.DefaultAboutWriter),
        new("something-to-myself", CrisisSignal.SelfHarm, SomethingToMyself()),
    ];

    [GeneratedRegex($@"\b(?:{Kill}|end|ending|off|offing) {Self}\b(?! (?:laughing|laughin|with laughter)\b)", Options)]
    private static partial Regex KillMyself();

    // "kms" is also kilometres: "100 kms", "how many kms", "low kms on a used car".
    [GeneratedRegex(@"(?<!(?:\d|many|the|of|for|few|more|less|some|low|high|those|these|extra|total|in|by|per) )\bkms\b(?! (?:away|from|to|per|an hour|a day|a week|left|of|on (?:it|the|a|my car|the clock))\b)", Options)]
    private static partial Regex Kms();

    [GeneratedRegex($@"\bunaliv(?:e|ed|ing) {Self}\b|\b(?:i|im|ill|gonna|going to|want to|wanna|might|will|to|should|could) unaliv(?:e|ing)\b", Options)]
    private static partial Regex Unalive();

    [GeneratedRegex(@"\b(?:suicid(?:al|el|le)|sucid(?:al|el)|suicdal|suisidal|sewer ?slid(?:e|ing)|sewerslide)\b", Options)]
    private static partial Regex Suicidal();

    [GeneratedRegex($@"\b(?:think\w*|thought\w*|consider\w*|contemplat\w*|commit\w*|urges?)(?: \w+){{0,2}}? (?:about |abt |bout |of |on )?{Suicide}\b", Options)]
    private static partial Regex ThinkingOfSuicide();

    [GeneratedRegex(@"\b(?:think\w*|thought\w*|obsess\w*|fantasi\w*|dream\w*) (?:about|of|abt|bout) (?:dying|being dead|not being alive|not existing|not being here|ending it|ending my life|my own death|my funeral)\b", Options)]
    private static partial Regex ThinkingOfDying();

    [GeneratedRegex($@"\b(?:end(?:ing|ed)?|take|taking|took) my (?:own )?life\b|\bend(?:ing)? it all\b|\b(?:want|wanna|need|ready) (?:{To} )?(?:just )?{EndIt}\b", Options)]
    private static partial Regex EndMyLife();

    [GeneratedRegex($@"\b{Want} (?:{To} )?(?:just |really |to just )?(?:{Die}|be {Dead}|stop (?:living|existing|breathing)|not (?:exist|be alive|be here)|disappear forever|be gone forever|never wake up|not wake up)\b(?! (?:of|from|laughing|laughin|with embarrassment|{Dyed})\b)", Options)]
    private static partial Regex WantToDie();

    [GeneratedRegex($@"\bwish(?:ed|ing)? (?:that )?(?:i|id) (?:(?:was|were|could be|would be|had) )?(?:just )?(?:{Dead}|{Die}|died|never (?:been )?born|not (?:been )?born|wasnt born|not alive|wasnt alive|werent alive|didnt exist|did not exist|could (?:just )?{Die}|could (?:just )?not (?:exist|be here)|could (?:just )?disappear forever|(?:wouldnt|didnt|would not|did not|wont|never) (?:ever )?wake up|never existed)\b", Options)]
    private static partial Regex WishIWereDead();

    [GeneratedRegex($@"\b(?:better off|rather be|happier|be better) {Dead}\b|\brather not (?:exist|be alive|wake up)\b|\bcant wait (?:{To} )?(?:{Die}|be {Dead})\b", Options)]
    private static partial Regex BetterOffDead();

    [GeneratedRegex($@"\b(?:sleep|asleep|bed)(?: \w+){{0,5}}? (?:and )?(?:never|not|dont|do not|wont) (?:ever )?wake up\b(?! (?:on time|before|early|until|till|in time)\b)|\b(?:dont|do not|never) (?:want|wanna) (?:{To} )?wake up\b(?! (?:to|next to|with|early|before|on time|at)\b)|\b(?:hope|hoping|pray|praying) (?:that )?(?:i )?(?:dont|do not|never|wont) wake up\b", Options)]
    private static partial Regex NeverWakeUp();

    [GeneratedRegex($@"\b(?:dont|do not|doesnt|no longer|not|never) (?:really |even |think i |feel like i |know if i |want to )?(?:want|wanna|wish|feel like) (?:{To} )?(?:live\b(?! (?:in(?! (?:this|the|a) (?:world|body|life|pain)\b)|with|at|there|here|near|by|alone|together|abroad)\b)|be alive|exist|be here any ?(?:more|longer)|be around any ?(?:more|longer)|continue living|go on living|keep living|go on any ?more|be on this earth)", Options)]
    private static partial Regex NotWantToLive();

    [GeneratedRegex(@"\b(?:no|nothing) (?:left )?(?:reason )?(?:to|worth) live for\b|\bno reason (?:left )?to (?:live|keep living|go on|be alive|stay alive|keep going)\b|\bnothing (?:left )?to live for\b|\b(?:life|living) (?:isnt|is not|aint|is no longer|not) worth (?:living|it)\b|\bnot worth living\b", Options)]
    private static partial Regex NothingToLiveFor();

    [GeneratedRegex($@"\b(?:dont|do not|no longer) deserve (?:{To} )?(?:live|be alive|exist|be here)\b|\bdeserve (?:{To} )?{Die}\b", Options)]
    private static partial Regex NotDeserveToLive();

    [GeneratedRegex(@"\b(?:tired|sick|exhausted|done|finished) (?:of|with) (?:being alive|existing|life|living|being here)\b(?! (?:in|with|at|here|there|under|off|paycheck)\b)", Options)]
    private static partial Regex TiredOfLiving();

    [GeneratedRegex($@"\b(?:wouldnt|would not|dont|do not|couldnt) (?:care|mind) (?:if|whether) (?:i|id) (?:{Die}|died|was {Dead}|were {Dead}|didnt wake up|never woke up|lived or died|live or die)\b|\bwouldnt mind (?:dying|being {Dead}|not waking up)\b", Options)]
    private static partial Regex NotCareIfIDie();

    [GeneratedRegex(@"\b(?:want|wish|hope|hoping|pray\w*|waiting for) (?:that )?(?:someone|somebody|something|anyone|anything|a car|a bus|a truck|god|cancer) (?:would |will |to |could |just |would just )?(?:kill|hit|run over|end|take) me\b", Options)]
    private static partial Regex SomethingKillMe();

    [GeneratedRegex($@"\b(?:pray|praying|prayed|hope|hoping|wish) (?:that )?(?:i|ill|i will|id) (?:just )?(?:{Die}|be {Dead})\b", Options)]
    private static partial Regex HopeIDie();

    [GeneratedRegex($@"\b(?:should|might as well|may as well|ought to|deserve to) (?:just )?(?:{Die}|be {Dead}|not exist|not be here|not be alive)\b(?! {Dyed}\b)|\bfeel(?:ing|s)? like (?:dying|{Die}ing)\b(?! {Dyed}\b)", Options)]
    private static partial Regex ShouldJustDie();

    [GeneratedRegex(@"\b(?:drank|drink|drinking|swallowed|swallow|swallowing) (?:some |the |a bottle of |a cup of )?(?:bleach|antifreeze|poison|rat poison|weedkiller|weed killer|drain cleaner)\b", Options)]
    private static partial Regex DrankPoison();

    [GeneratedRegex($@"\b(?:do|did|doing|done) something (?:stupid |bad |to )?(?:to )?{Self}\b", Options)]
    private static partial Regex SomethingToMyself();

    [GeneratedRegex(@"\b(?:take|taking|took|an|gonna|going to|want to|wanna|might|will|ill|to|about to|thinking of|thinking about|planning|plan to|try to|tried to) (?:an )?overdos\w*|\boverdos(?:e|ing|in) on\b|\b(?:gonna|going to|want to|wanna|might|will|ill|to|about to|could) od\b|\bod(?:ing|in| ing)\b|\bi od\b", Options)]
    private static partial Regex Overdose();

    [GeneratedRegex($@"\bhow many (?:\w+ )?{Pills}(?: \w+){{0,3}}? (?:it would take|would it take|does it take|to (?:{Die}|kill|od|overdose|end it))\b|\b(?:lethal|fatal|deadly) (?:dose|amount)\b|\btake all (?:of )?my (?:\w+ )?{Pills}|\btake (?:them|those|these|my {Pills}) all at once\b", Options)]
    private static partial Regex LethalAmount();

    [GeneratedRegex(@"(?<!bungee )\bjump(?:ing|ed|in)? (?:off|from|in front of|out of) (?:a |the |my |this |that )?(?:\w+ )?(?:bridge|building|roof|rooftop|cliff|balcony|tower|train|window|ledge|overpass|car park|multi storey|motorway|highway)\b", Options)]
    private static partial Regex JumpFrom();

    [GeneratedRegex($@"\b(?:step|walk|throw|jump|lie|lay)(?:ing|ed|s)?(?: {Self})? (?:out )?in front of (?:a |the |an )?(?:train|bus|car|truck|lorry|traffic|tram|subway|tube)\b", Options)]
    private static partial Regex InFrontOfTraffic();

    [GeneratedRegex(@"\bcrash(?:ing|ed)? (?:my|the) car(?: \w+){0,5}? on purpose\b|\b(?:drive|driving|drove) (?:my car |the car )?off (?:a|the) (?:cliff|bridge)\b", Options)]
    private static partial Regex CrashOnPurpose();

    [GeneratedRegex($@"\b(?:drown|shoot|poison|stab|electrocute|suffocate|gas|hang|hung)(?:ing|ed|s)? {Self}\b", Options)]
    private static partial Regex MethodOnMyself();

    [GeneratedRegex(@"\b(?:slit|slice|slash|cut|open)(?:ting|ing)? (?:my|me|both) wrists?\b", Options)]
    private static partial Regex Wrists();

    [GeneratedRegex($@"\bhow (?:i|id|im|i am|i would|i could|i will|ill|i should|to)(?: \w+){{0,3}}? (?:{Kill} {Self}|end my life)\b|\b(?:research\w*|look\w* up|googl\w*|search\w*) (?:\w+ ){{0,2}}?(?:ways|methods) (?:{To} )?(?:{Die}|{Kill} {Self}|end my life)\b", Options)]
    private static partial Regex HowIWould();

    [GeneratedRegex($@"\b(?:gonna|going to|goin to|will|ill|intend to|intending to|about to|decided to|determined to|planning to|plan to)(?: \w+){{0,2}}? (?:{Kill} {Self}|kms|{EndIt}|take my (?:own )?life|unaliv\w*|hang {Self})\b|\bready (?:{To} )?(?:{Die}|be {Dead})\b", Options)]
    private static partial Regex Intent();

    [GeneratedRegex($@"\b(?:have|got|made|make|making|worked out|came up with|come up with|wrote|written) (?:a |my |the )?(?:\w+ )?plans? (?:\w+ ){{0,2}}?(?:to|for) (?:{Die}|{Kill} {Self}|{EndIt}|take my (?:own )?life|{Suicide}|overdose|od)\b|\bplans? (?:for )?(?:how|when|where) (?:im|i am|i will|ill|id|i would|i could|to)(?: \w+){{0,3}}? (?:do it|{EndIt}|{Die}|{Kill} {Self})\b|\b(?:picked|chosen|chose|set|decided on|know|figured out|worked out|planned)(?: exactly| out)? (?:a |the |my )?(?:date|day|time|place|spot|method|way|how|when|where)(?: \w+){{0,5}}? (?:{Kill} {Self}|end (?:my life|it all)|take my (?:own )?life)\b", Options)]
    private static partial Regex Plan();

    [GeneratedRegex(@"\b(?:suicide|goodbye|farewell) (?:note|letter|message|video)s?\b|\b(?:wrote|written|writing|finished|drafted) my (?:final |last )?(?:note|letters)\b|\b(?:final|last) (?:note|letter)s? (?:to|for)\b", Options)]
    private static partial Regex Note();

    [GeneratedRegex($@"\b(?:giv(?:e|ing)|gave|given) away (?:all )?(?:of )?my (?:\w+ )?(?:things|stuff|belongings|possessions|cat|dog|pets?)\b|\b(?:giv(?:e|ing)|gave) (?:all )?(?:of )?my (?:things|stuff|belongings|possessions) away\b|\b(?:gave|giving|give|given) my (?:cat|dog|pets?) to (?:\w+ ){{0,3}}(?:so|because|when|after)\b|\bwont need (?:\w+ ){{0,3}}(?:after|when|once) (?:im|i am) (?:gone|{Dead})\b", Options)]
    private static partial Regex GivingAway();

    [GeneratedRegex($@"\b(?:sav(?:e|ing|ed)|stockpil\w*|hoard\w*|collect\w*|gather\w*|stash\w*) (?:up )?(?:all )?(?:of )?(?:my |the |some )?(?:\w+ )?{Pills}\b", Options)]
    private static partial Regex GatheringPills();

    [GeneratedRegex($@"\b(?:{Pills}|rope|noose|gun|blade|razor)(?: \w+){{0,3}}? (?:in front of me|next to me|in my hand|lined up)\b", Options)]
    private static partial Regex MeansAtHand();

    [GeneratedRegex(@"\b(?:tie|tied|tying|made|make|making|bought|have|got) (?:a |the |my )?noose\b", Options)]
    private static partial Regex Noose();

    [GeneratedRegex(@"\bthis is (?:my )?(?:final |last )?goodbye\b|\bsaying (?:my )?goodbyes? (?:to )?(?:everyone|every one|all of you|the people i love)\b|\bgoodbye (?:forever|world|cruel world)\b|\bsay(?:ing)? goodbye (?:\w+ ){0,3}before (?:i|im)\b|\blast (?:time|message) (?:youll|you will) hear from me\b", Options)]
    private static partial Regex Goodbye();

    [GeneratedRegex(@"\b(?:put|putting|getting|got|sorted|sorting) (?:all )?(?:of )?my affairs in order\b", Options)]
    private static partial Regex AffairsInOrder();

    [GeneratedRegex($@"\b(?:tried|try|trying|attempted|attempt(?:ing)?|tryna)(?: (?!not\b|never\b)\w+)? (?:{To} )?(?:{Kill} {Self}|{EndIt}|{Die}|take my (?:own )?life|{Suicide}|od|overdose|hang {Self}|unaliv\w*)\b", Options)]
    private static partial Regex Attempt();

    [GeneratedRegex($@"\btook (?:a (?:load|bunch|lot|handful|fistful|whole bottle)|all|loads|too many|way too many|an entire (?:bottle|pack|box)|the whole (?:bottle|pack|box))(?: of)? (?:my )?(?:\w+ )?{Pills}\b", Options)]
    private static partial Regex TookPills();

    [GeneratedRegex($@"\bcut(?:ting|s)? (?:{Self}|my (?:arms?|wrists?|legs?|thighs?|skin|stomach|body|hips?))\b|\bcut(?:ting)? (?:again|last night|tonight|deeper)\b|\bbeen cutting(?= again| for| since| every|$| \.)|\b(?:urge|urges|want|wanna|need|needed|tempted) (?:{To} )?cut\b(?! (?:my hair|back|down|ties|the|it|out|off|in|up|through|corners|costs|a|an|loose|class|school|him|her|them|someone|my)\b)", Options)]
    private static partial Regex Cutting();

    [GeneratedRegex($@"\bburn(?:ed|t|ing|s)? {Self}\b(?! (?:on|cooking|making|with (?:the|a hot) (?:iron|oven|kettle|pan|stove|tea)|while|by accident|accidentally|on accident|in the sun|at work)\b)", Options)]
    private static partial Regex Burning();

    [GeneratedRegex($@"\b(?:hit|hitting|punch(?:ed|ing)?|slap(?:ped|ping)?|scratch(?:ed|ing)?|bit(?:e|ing)?|starv(?:e|ed|ing)|bruis(?:e|ed|ing)) {Self}\b", Options)]
    private static partial Regex HittingMyself();

    [GeneratedRegex($@"\b(?:want|wanna|urge|urges|going|gonna|might|need|keep|kept|been|started|start|stop|again|to|tempted) (?:{To} )?hurt(?:ing)? {Self}\b|\bhurt(?:ing)? {Self} (?:\w+ ){{0,2}}?(?:on purpose|deliberately|intentionally|again)\b", Options)]
    private static partial Regex HurtMyself();

    [GeneratedRegex($@"\bself ?(?:harm\w*|injur\w*|mutilat\w*)\b|\bsh(?= again| last night| tonight)\b|\b(?:relaps\w*|urge|urges|want|wanna|to|did|clean) (?:{To} |on |from |with )?sh\b", Options)]
    private static partial Regex SelfHarm();

    [GeneratedRegex(@"\buntil (?:it|they|i) (?:bled|bleed|bleeds|was bleeding|started bleeding)\b", Options)]
    private static partial Regex UntilItBled();
}
