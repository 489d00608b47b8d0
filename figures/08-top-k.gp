# 08-top-k.gp draws 08-top-k.png from 08-top-k.dat; run `gnuplot 08-top-k.gp` in this directory.
reset
if (!exists("out_png")) out_png = '08-top-k.png'
set encoding utf8
set terminal pngcairo size 800,500 font 'DejaVu Sans,12' linewidth 1 noenhanced
set output out_png
set title '[MASK] in "Rome is the [MASK] of Italy."' font ',15'
set xlabel 'candidate token'
set ylabel 'probability'
set linetype 1 linecolor rgb '#1f77b4' linewidth 2 pointtype 7
set linetype 2 linecolor rgb '#ff7f0e' linewidth 2 pointtype 7
set linetype 3 linecolor rgb '#2ca02c' linewidth 2 pointtype 7
set linetype 4 linecolor rgb '#d62728' linewidth 2 pointtype 7
set linetype 5 linecolor rgb '#9467bd' linewidth 2 pointtype 7
set linetype 6 linecolor rgb '#8c564b' linewidth 2 pointtype 7
set linetype 7 linecolor rgb '#e377c2' linewidth 2 pointtype 7
set linetype 8 linecolor rgb '#7f7f7f' linewidth 2 pointtype 7
set linetype 9 linecolor rgb '#bcbd22' linewidth 2 pointtype 7
set linetype 10 linecolor rgb '#17becf' linewidth 2 pointtype 7
set linetype cycle 10
set grid linetype 1 linecolor rgb '#dddddd' linewidth 1
set border linecolor rgb '#444444'
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.9 noborder
set grid noxtics ytics
set xtics nomirror scale 0 ( \
    'capital' 0, \
    'is' 1, \
    'the' 2, \
    'in' 3, \
    'city' 4)
set xrange [-0.6:4.6]
set yrange [0:0.1249069]
set key outside right top
plot '08-top-k.dat' using 2 linetype 1 notitle, \
    '' using 0:2:(sprintf('%.2f', $2)) with labels offset 0,0.8 notitle
unset output
