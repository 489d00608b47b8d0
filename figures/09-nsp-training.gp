# 09-nsp-training.gp draws 09-nsp-training.png from 09-nsp-training.dat; run `gnuplot 09-nsp-training.gp` in this directory.
reset
if (!exists("out_png")) out_png = '09-nsp-training.png'
set encoding utf8
set terminal pngcairo size 800,500 font 'DejaVu Sans,12' linewidth 1 noenhanced
set output out_png
set title 'next sentence prediction, training' font ',15'
set xlabel 'step'
set ylabel 'pairs labelled right (%)'
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
set key below
plot '09-nsp-training.dat' index 0 using 1:2 with lines linetype 1 title 'held-out pairs', \
     '' index 1 using 1:2 with lines linetype 2 title 'training pairs', \
     '' index 2 using 1:2 with lines linetype 3 title 'guessing', \
     '' index 3 using 1:2 with lines linetype 4 title 'every pair right'
unset output
