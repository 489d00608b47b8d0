# 01-next-token.gp draws 01-next-token.png from 01-next-token.dat; run `gnuplot 01-next-token.gp` in this directory.
reset
if (!exists("out_png")) out_png = '01-next-token.png'
set encoding utf8
set terminal pngcairo size 800,500 font 'DejaVu Sans,12' linewidth 1 noenhanced
set output out_png
set title 'What comes after the third line?' font ',15'
set xlabel 'next token'
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
    '\n' 0, \
    '光 light' 1, \
    '[EOS]' 2, \
    '是 is' 3, \
    '地 ground' 4)
set xrange [-0.6:4.6]
set yrange [0:1.145789]
set key outside right top
plot '01-next-token.dat' using 2 linetype 1 title 'remembers 1 token', \
     '' using 3 linetype 2 title 'remembers 2 (lazy)', \
     '' using 4 linetype 3 title 'remembers 3'
unset output
