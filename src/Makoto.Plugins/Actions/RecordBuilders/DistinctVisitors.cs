namespace Makoto.Plugins.Actions.RecordBuilders;

/// <summary>
/// Distinct visitors per action group (Matomo's <c>COUNT(DISTINCT idvisitor)</c> per SQL group), kept
/// compact: with visitors numbered densely for the day, each (group, visitor) sighting is one packed
/// 64-bit value in a list, sorted once at the end of the day. A day with 300,000 sightings needs a
/// few megabytes, where a set of (id, visitor) tuples would grow through the large object heap.
/// </summary>
internal sealed class DistinctVisitors
{
    private readonly List<long> _sightings = [];

    /// <summary>Records that the visitor (a dense number) was seen in the group (a dense number).</summary>
    public void Add(int group, int visitor) => _sightings.Add(((long)group << 32) | (uint)visitor);

    /// <summary>The number of distinct visitors of each group, by group number.</summary>
    public int[] CountPerGroup(int groups)
    {
        var counts = new int[groups];
        var sightings = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_sightings);
        sightings.Sort();
        for (var i = 0; i < sightings.Length; i++)
        {
            if (i == 0 || sightings[i] != sightings[i - 1])
            {
                counts[(int)(sightings[i] >> 32)]++;
            }
        }

        return counts;
    }
}
