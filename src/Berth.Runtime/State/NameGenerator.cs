namespace Berth.Runtime.State;

/// <summary>Docker-style "adjective_surname" names (moby's namesgenerator; a subset of its lists).</summary>
internal static class NameGenerator
{
    private static readonly string[] Left =
    [
        "admiring", "adoring", "affectionate", "agitated", "amazing", "angry", "awesome", "beautiful", "blissful", "bold",
        "boring", "brave", "busy", "charming", "clever", "compassionate", "competent", "condescending", "confident", "cool",
        "cranky", "crazy", "dazzling", "determined", "distracted", "dreamy", "eager", "ecstatic", "elastic", "elated",
        "elegant", "eloquent", "epic", "exciting", "fervent", "festive", "flamboyant", "focused", "friendly", "frosty",
        "funny", "gallant", "gifted", "goofy", "gracious", "great", "happy", "hardcore", "heuristic", "hopeful",
        "hungry", "infallible", "inspiring", "intelligent", "interesting", "jolly", "jovial", "keen", "kind", "laughing",
        "loving", "lucid", "magical", "modest", "musing", "mystifying", "naughty", "nervous", "nice", "nifty",
        "nostalgic", "objective", "optimistic", "peaceful", "pedantic", "pensive", "practical", "priceless", "quirky", "quizzical",
        "recursing", "relaxed", "reverent", "romantic", "sad", "serene", "sharp", "silly", "sleepy", "stoic",
        "strange", "stupefied", "suspicious", "sweet", "tender", "thirsty", "trusting", "unruffled", "upbeat", "vibrant",
        "vigilant", "vigorous", "wizardly", "wonderful", "xenodochial", "youthful", "zealous", "zen",
    ];

    private static readonly string[] Right =
    [
        "agnesi", "albattani", "allen", "almeida", "archimedes", "ardinghelli", "aryabhata", "austin", "babbage", "banach",
        "bardeen", "bartik", "bassi", "bell", "benz", "bhabha", "bhaskara", "blackwell", "bohr", "booth",
        "borg", "bose", "boyd", "brahmagupta", "brattain", "brown", "carson", "cerf", "chandrasekhar", "chatelet",
        "chebyshev", "clarke", "cohen", "colden", "cori", "cray", "curie", "darwin", "davinci", "dijkstra",
        "dirac", "driscoll", "dubinsky", "easley", "edison", "einstein", "elion", "engelbart", "euclid", "euler",
        "fermat", "fermi", "feynman", "franklin", "galileo", "gates", "goldberg", "goldstine", "goodall", "gould",
        "hamilton", "haslett", "hawking", "heisenberg", "hellman", "hermann", "hodgkin", "hofstadter", "hoover", "hopper",
        "hugle", "hypatia", "jackson", "jennings", "jepsen", "johnson", "joliot", "jones", "kalam", "kapitsa",
        "keller", "kepler", "khorana", "kilby", "knuth", "kowalevski", "lalande", "lamarr", "lamport", "leakey",
        "leavitt", "lovelace", "lumiere", "mahavira", "margulis", "matsumoto", "maxwell", "mayer", "mccarthy", "mcclintock",
        "meitner", "mendel", "merkle", "minsky", "mirzakhani", "montalcini", "moore", "morse", "napier", "nash",
        "neumann", "newton", "nobel", "noether", "northcutt", "noyce", "pare", "pascal", "pasteur", "payne",
        "perlman", "pike", "poincare", "poitras", "ptolemy", "raman", "ramanujan", "ride", "ritchie", "robinson",
        "rosalind", "sammet", "shamir", "shannon", "shaw", "shirley", "shockley", "sinoussi", "snyder", "spence",
        "stonebraker", "swanson", "swartz", "tesla", "thompson", "torvalds", "turing", "varahamihira", "visvesvaraya", "volhard",
        "wescoff", "wiles", "williams", "wilson", "wing", "wozniak", "wright", "yalow", "yonath",
    ];

    /// <summary>A random name; from the second attempt on a digit is appended, as Docker does.</summary>
    public static string Generate(int attempt)
    {
        string name = Left[Random.Shared.Next(Left.Length)] + "_" + Right[Random.Shared.Next(Right.Length)];
        // Docker never returns this one.
        if (name == "boring_wozniak")
        {
            return Generate(attempt);
        }
        return attempt > 0 ? name + Random.Shared.Next(10) : name;
    }
}
